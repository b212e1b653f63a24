// The gallery on disk: names, the index, reopening, recovery of PNGs the
// index missed, and rebuilding from PNGs alone (ours, generate's, A1111's).
#include <QTemporaryDir>
#include <QtTest>

#include <cstdlib>
#include <fstream>

#include "core/gallery/gallery_paths.h"
#include "core/gallery/gallery_store.h"
#include "core/image/png_io.h"
#include "core/metadata/image_recipe.h"
#include "core/util/error.h"
#include "core/util/file_io.h"

namespace fs = std::filesystem;

namespace {

sd::RgbImage smallImage(uint8_t shade) {
  auto image = sd::RgbImage::blank(8, 8);
  std::fill(image.pixels.begin(), image.pixels.end(), shade);
  return image;
}

sd::ImageRecipe recipe(const std::string& prompt, uint64_t seed) {
  sd::ImageRecipe r;
  r.prompt = prompt;
  r.seed = seed;
  r.clipModel = "clip";
  r.comparisonPrompts = {prompt, "other"};
  r.probabilities = {0.8, 0.2};
  return r;
}

}  // namespace

class TestGalleryStore : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void addWritesPngAndIndex() {
    QTemporaryDir dir;
    const fs::path folder = dir.path().toStdString() + "/session";
    {
      sd::GalleryStore store(folder);
      QVERIFY(store.entries().empty());
      store.add(smallImage(10), recipe("a cat", 42));
      store.add(smallImage(20), recipe("../../etc/passwd <script>", 43));
      QVERIFY(fs::exists(folder / sd::kGalleryIndexName));
    }
    sd::GalleryStore reopened(folder);
    QCOMPARE(int(reopened.entries().size()), 2);
    QCOMPARE(reopened.openReport().fromIndex, 2);
    QCOMPARE(reopened.openReport().recovered, 0);
    QCOMPARE(QString::fromStdString(reopened.entries()[0].fileName), QString("00001-s42-a_cat.png"));
    const auto hostile = reopened.entries()[1].fileName;
    QVERIFY2(hostile.find('/') == std::string::npos && hostile.find("..") == std::string::npos, hostile.c_str());
    QVERIFY(fs::exists(folder / hostile));
    QCOMPARE(reopened.entries()[1].recipe.probabilities, (std::vector<double>{0.8, 0.2}));
    // Counters continue after reopening.
    sd::GalleryStore again(folder);
    QCOMPARE(QString::fromStdString(again.add(smallImage(1), recipe("b", 1)).fileName), QString("00003-s1-b.png"));
  }

  void pngTheIndexMissedIsRecovered() {
    QTemporaryDir dir;
    const fs::path folder = dir.path().toStdString();
    sd::GalleryStore store(folder);
    store.add(smallImage(1), recipe("one", 1));
    // As if the process died between the PNG's rename and the index write:
    const auto r = recipe("two", 2);
    sd::writePng(folder / "00002-s2-two.png", smallImage(2), {{"parameters", sd::formatInfotext(r)}, {"sdstudio", sd::formatRecipeJson(r)}});
    // …and left a temporary of a third one behind.
    sd::writeFileAtomically(folder / ".00003-s3-three.png.tmp-AbC123", std::string("\x89PNG partial"));
    sd::GalleryStore reopened(folder);
    QCOMPARE(int(reopened.entries().size()), 2);
    QCOMPARE(reopened.openReport().recovered, 1);
    QCOMPARE(reopened.openReport().temporaries, 1);
    QCOMPARE(QString::fromStdString(reopened.entries()[1].recipe.prompt), QString("two"));
    QVERIFY(!fs::exists(folder / ".00003-s3-three.png.tmp-AbC123"));
    QCOMPARE(sd::loadGallery(folder).recovered, 0);  // the index was rewritten
  }

  void missingFilesAndBrokenIndex() {
    QTemporaryDir dir;
    const fs::path folder = dir.path().toStdString();
    {
      sd::GalleryStore store(folder);
      store.add(smallImage(1), recipe("one", 1));
      store.add(smallImage(2), recipe("two", 2));
    }
    fs::remove(folder / "00001-s1-one.png");
    auto scan = sd::loadGallery(folder);
    QCOMPARE(scan.missing, 1);
    QCOMPARE(int(scan.entries.size()), 1);
    sd::writeFileAtomically(folder / sd::kGalleryIndexName, std::string("{ broken"));
    scan = sd::loadGallery(folder);
    QCOMPARE(int(scan.entries.size()), 1);
    QCOMPARE(int(scan.warnings.size()), 1);
    QVERIFY(QString::fromStdString(scan.warnings[0]).contains("gallery.json"));
  }

  void indexCannotPointOutside() {
    QTemporaryDir dir;
    const fs::path folder = dir.path().toStdString() + "/g";
    fs::create_directories(folder);
    sd::writePng(fs::path(dir.path().toStdString()) / "outside.png", smallImage(1));
    sd::writeFileAtomically(folder / sd::kGalleryIndexName,
                            std::string(R"({"schema":1,"images":[{"file":"../outside.png"},{"file":"/etc/passwd"}]})"));
    QVERIFY(sd::loadGallery(folder).entries.empty());
  }

  void rebuildFromForeignPngs() {
    QTemporaryDir dir;
    const fs::path folder = dir.path().toStdString();
    const auto ours = recipe("generated", 7);
    sd::writePng(folder / "p0-s7.png", smallImage(1), {{"parameters", sd::formatInfotext(ours)}, {"sdstudio", sd::formatRecipeJson(ours)}});
    sd::writePng(folder / "00001-1234.png", smallImage(2),
                 {{"parameters", "a1111 prompt\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1234, Size: 8x8"}});
    sd::writePng(folder / "plain.png", smallImage(3));
    std::ofstream(folder / "truncated.png", std::ios::binary) << "\x89PNG\r\n\x1a\n";
    std::ofstream(folder / "notes.txt") << "not an image";
    const auto scan = sd::rebuildFromPngs(folder);
    QCOMPARE(int(scan.entries.size()), 3);
    QCOMPARE(scan.unreadable, 1);
    QCOMPARE(QString::fromStdString(scan.entries[0].recipe.prompt), QString("a1111 prompt"));
    QCOMPARE(scan.entries[0].recipe.seed, uint64_t(1234));
    QCOMPARE(QString::fromStdString(scan.entries[1].recipe.prompt), QString("generated"));
    QVERIFY(!scan.entries[2].hasSettings);
    QCOMPARE(scan.entries[1].recipe.probabilities, ours.probabilities);
  }

  void notAFolder() {
    QVERIFY_THROWS_EXCEPTION(sd::Error, sd::loadGallery("/nonexistent/gallery"));
  }

  void galleriesRootFollowsXdg() {
    const QByteArray saved = qgetenv("XDG_DATA_HOME");
    qunsetenv("SDSTUDIO_GALLERY_DIR");
    qputenv("XDG_DATA_HOME", "/data/home");
    QCOMPARE(QString::fromStdString(sd::defaultGalleriesRoot().string()), QString("/data/home/sdstudio/galleries"));
    qputenv("XDG_DATA_HOME", "relative/ignored");
    QVERIFY(QString::fromStdString(sd::defaultGalleriesRoot().string()).endsWith(".local/share/sdstudio/galleries"));
    qputenv("SDSTUDIO_GALLERY_DIR", "/custom");
    QCOMPARE(QString::fromStdString(sd::defaultGalleriesRoot().string()), QString("/custom"));
    qunsetenv("SDSTUDIO_GALLERY_DIR");
    qputenv("XDG_DATA_HOME", saved);
  }

  void oneGalleryPerDayNewestFirst() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    const auto now = std::chrono::system_clock::now();
    const auto today = sd::todaysGallery(root, now);
    QVERIFY(QRegularExpression("^\\d{4}-\\d\\d-\\d\\d$").match(QString::fromStdString(today.filename().string())).hasMatch());
    QCOMPARE(sd::todaysGallery(root, now), today);  // a restart the same day continues it
    QCOMPARE(sd::todaysGallery(root, now + std::chrono::hours(24)).filename().string() > today.filename().string(), true);
    QVERIFY(sd::newestGallery(root).empty());
    for (const char* name : {"2026-11-28", "2026-12-01", "2026-11-30_09-15-00", ".hidden"})
      fs::create_directories(root / name);
    std::ofstream(root / "2099-01-01") << "a file, not a gallery";
    QCOMPARE(QString::fromStdString(sd::newestGallery(root).filename().string()), QString("2026-12-01"));
  }
};

QTEST_GUILESS_MAIN(TestGalleryStore)
#include "test_gallery_store.moc"
