// Reopening a gallery in the window: entries become GalleryItems with their
// image, settings and CLIP embedding (so the bars come back without CLIP).
#include <QTemporaryDir>
#include <QtTest>

#include "core/schedulers/scheduler_names.h"
#include "core/gallery/gallery_store.h"
#include "ui/gallery_items.h"

class TestGalleryItems : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void entriesBecomeItems() {
    QTemporaryDir dir;
    const std::filesystem::path folder = dir.path().toStdString();
    sd::GalleryStore store(folder);
    sd::ImageRecipe r;
    r.prompt = "a cat";
    r.negativePrompt = "dog";
    r.seed = 11;
    r.steps = 12;
    r.schedulerId = "euler";
    r.width = 24;
    r.height = 16;
    r.modelName = "tiny";
    r.imageEmbedding = {0.6f, 0.8f};
    store.add(sd::RgbImage::blank(24, 16), r);
    r.prompt = "a dog";
    r.seed = 12;
    store.add(sd::RgbImage::blank(24, 16), r);
    std::filesystem::remove(folder / store.entries()[1].fileName);  // gone: skipped
    const auto before = sd::ui::newGalleryItemId();
    const auto items = sd::ui::galleryItemsFrom(store.entries(), folder);
    QCOMPARE(items.size(), 1);
    const auto& item = items[0];
    QVERIFY2(item.id > before, "a fresh id, after every id minted before");
    QCOMPARE(item.prompt, QString("a cat"));
    QCOMPARE(item.seed, quint64(11));
    QCOMPARE(item.image.size(), QSize(24, 16));
    QCOMPARE(item.imageEmbedding, (std::vector<float>{0.6f, 0.8f}));
    QCOMPARE(item.settings.prompts, (std::vector<std::string>{"a cat"}));
    QCOMPARE(QString::fromStdString(item.settings.negativePrompt), QString("dog"));
    QCOMPARE(QString::fromStdString(sd::schedulerId(item.settings.scheduler)), QString("euler"));
    QCOMPARE(item.settings.steps, 12);
    QCOMPARE(item.settings.seed, uint64_t(11));
    QCOMPARE(item.modelName, QString("tiny"));
    QVERIFY(item.filePath.endsWith(".png"));
  }
};

QTEST_GUILESS_MAIN(TestGalleryItems)
#include "test_gallery_items.moc"
