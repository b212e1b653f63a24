#include "ui/gallery_files.h"

#include <set>

namespace sd::ui {

namespace fs = std::filesystem;

namespace {
std::vector<double> toStd(const QVector<double>& v) { return {v.begin(), v.end()}; }

void applyScores(ImageRecipe& recipe, const StoredScores& s) {
  recipe.comparisonPrompts.clear();
  for (const QString& p : s.prompts) recipe.comparisonPrompts.push_back(p.toStdString());
  recipe.probabilities = toStd(s.probabilities);
  recipe.logits = toStd(s.logits);
  recipe.temperature = s.temperature;
  recipe.logitScale = s.logitScale;
  recipe.comparisonTokens.assign(s.promptTokens.begin(), s.promptTokens.end());  // counted for these prompts
  recipe.clipTokenLimit = s.tokenLimit;
}
}  // namespace

GalleryStore& GalleryFiles::storeFor(const fs::path& folder) {
  fs::path key = folder.lexically_normal();  // "/a/b/" and "/a/b" are one gallery
  if (!key.has_filename()) key = key.parent_path();
  auto& store = m_stores[key];
  if (!store) store = std::make_unique<GalleryStore>(folder);
  return *store;
}

fs::path GalleryFiles::add(const fs::path& folder, const RgbImage& image, const ImageRecipe& recipe) {
  std::lock_guard lock(m_mutex);
  GalleryStore& store = storeFor(folder);
  return store.pathOf(store.add(image, recipe));
}

bool GalleryFiles::forget(const fs::path& file) {
  std::lock_guard lock(m_mutex);
  return storeFor(file.parent_path()).forget(file.filename().string());
}

QStringList GalleryFiles::storeScores(const QVector<StoredScores>& scores) {
  QStringList errors;
  std::set<fs::path> touched;
  for (const StoredScores& s : scores) {
    const fs::path file(s.filePath.toStdString());
    std::lock_guard lock(m_mutex);  // per file: a delete from the window waits for one file at most
    try {
      GalleryStore& store = storeFor(file.parent_path());
      const GalleryEntry* entry = store.find(file.filename().string());
      if (!entry) continue;  // deleted meanwhile
      ImageRecipe recipe = entry->recipe;
      applyScores(recipe, s);
      store.setRecipe(entry->fileName, recipe);
      touched.insert(file.parent_path());
    } catch (const std::exception& e) {
      errors << QString::fromUtf8(e.what());
    }
  }
  std::lock_guard lock(m_mutex);
  for (const fs::path& folder : touched) {
    try {
      storeFor(folder).writeIndex();
    } catch (const std::exception& e) {
      errors << QString::fromUtf8(e.what());
    }
  }
  return errors;
}

}  // namespace sd::ui
