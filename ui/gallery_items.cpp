#include "ui/gallery_items.h"

#include "core/metadata/recipe_request.h"

namespace sd::ui {

QVector<GalleryItem> galleryItemsFrom(const std::vector<GalleryEntry>& entries, const std::filesystem::path& folder) {
  QVector<GalleryItem> items;
  for (const auto& entry : entries) {
    const QString path = QString::fromStdString((folder / entry.fileName).string());
    QImage image(path);
    if (image.isNull()) continue;
    ImageSettings settings;
    settings.recipe = entry.recipe;
    settings.schedulerKnown = true;
    GalleryItem item;
    item.id = newGalleryItemId();
    item.settings = requestFromSettings(settings);
    item.img2img = entry.recipe.denoisingStrength.has_value();
    item.inpainted = entry.recipe.maskBlur.has_value();
    item.promptIndex = entry.recipe.promptIndex;
    item.prompt = QString::fromStdString(entry.recipe.prompt);
    item.seed = entry.recipe.seed;
    item.variationSeed = entry.recipe.variationSeed;
    item.image = image.convertToFormat(QImage::Format_RGB888);
    item.imageEmbedding = entry.recipe.imageEmbedding;
    for (const auto& p : entry.recipe.comparisonPrompts) item.storedPrompts << QString::fromStdString(p);
    item.storedProbabilities = QVector<double>(entry.recipe.probabilities.begin(), entry.recipe.probabilities.end());
    item.filePath = path;
    item.modelName = QString::fromStdString(entry.recipe.modelName);
    item.modelHash = QString::fromStdString(entry.recipe.modelHash);
    item.seconds = entry.recipe.seconds;
    item.addedAtMs = entry.addedAtMs;
    item.explanation = entry.recipe.explanation;
    item.trajectory = entry.recipe.trajectory;
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace sd::ui
