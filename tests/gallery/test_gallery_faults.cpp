// Fault injection for the gallery and export writers (issue 15): a disk
// that fills up and a folder that turns read-only, on a small tmpfs (root
// only; skipped, saying so, elsewhere). Each write fails with an error
// naming the file and the reason; no zero-byte, half-written or temporary
// file is left; every image finished before the fault is intact and in the
// gallery when it reopens; a failed export takes its files back, so the
// retry needs no --force.
#include <QTemporaryDir>
#include <QtTest>

#include "core/export/gallery_export.h"
#include "core/gallery/gallery_store.h"
#include "core/image/png_io.h"
#include "core/metadata/settings_reader.h"
#include "core/util/error.h"
#include "support/scratch_mount.h"

namespace fs = std::filesystem;
using namespace sd;

namespace {

// Noise compresses badly: each image costs its full size on the disk.
RgbImage noise(int side, uint32_t seed) {
  auto image = RgbImage::blank(side, side);
  for (auto& p : image.pixels) p = static_cast<uint8_t>((seed = seed * 1664525u + 1013904223u) >> 24);
  return image;
}

ImageRecipe recipe(int i) {
  ImageRecipe r;
  r.prompt = "fault " + std::to_string(i);
  r.seed = static_cast<uint64_t>(i);
  return r;
}

// No temporaries, no empty files; every PNG decodes with its settings.
void checkFolder(const fs::path& folder) {
  for (const auto& item : fs::recursive_directory_iterator(folder)) {
    if (!item.is_regular_file()) continue;
    const auto name = item.path().filename().string();
    QVERIFY2(name.find(".tmp-") == std::string::npos, name.c_str());
    QVERIFY2(item.file_size() > 0, name.c_str());
    if (item.path().extension() != ".png") continue;
    QVERIFY2(!readPng(item.path()).image.empty(), name.c_str());  // throws on a partial file
    QVERIFY2(hasRecipe(readSettings(item.path())), name.c_str());
  }
}

}  // namespace

class TestGalleryFaults : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  fs::path at(const char* name) { return fs::path(m_dir.path().toStdString()) / name; }

  // Six images of about 27 KB each to export (made once).
  fs::path exportSource() {
    const auto gallery = at("to-export");
    if (!fs::exists(gallery)) {
      GalleryStore store(gallery);
      for (int i = 0; i < 6; ++i) store.add(noise(96, 100 + i), recipe(i));
    }
    return gallery;
  }

 private Q_SLOTS:
  void galleryOnAFullDisk() {
    test::ScratchMount disk(at("full"), 256 * 1024);
    if (!disk.ok()) QSKIP(disk.why());
    GalleryStore store(disk.path());
    std::vector<std::string> saved;
    std::string error;
    for (int i = 0; i < 100 && error.empty(); ++i) {
      try {
        saved.push_back(store.add(noise(96, i), recipe(i)).fileName);
      } catch (const Error& e) {
        error = e.what();
      }
    }
    QVERIFY2(saved.size() >= 2, "the disk filled before two images: make it larger");
    QVERIFY2(error.find("No space left on device") != std::string::npos, error.c_str());
    QVERIFY2(error.find(disk.path().string()) != std::string::npos, error.c_str());
    checkFolder(disk.path());
    // Reopened — even on the full disk — with every image it had finished.
    GalleryStore reopened(disk.path());
    QVERIFY(reopened.entries().size() >= saved.size());
    for (const auto& name : saved) {
      const auto& entries = reopened.entries();
      QVERIFY2(std::any_of(entries.begin(), entries.end(), [&](const auto& e) { return e.fileName == name; }), name.c_str());
    }
  }

  void galleryTurnsReadOnly() {
    test::ScratchMount disk(at("ro"), 4 << 20);
    if (!disk.ok()) QSKIP(disk.why());
    {
      GalleryStore store(disk.path());
      store.add(noise(32, 1), recipe(1));
      store.add(noise(32, 2), recipe(2));
    }
    QVERIFY(disk.remount(4 << 20, true));
    GalleryStore store(disk.path());
    QCOMPARE(store.entries().size(), std::size_t(2));
    try {
      store.add(noise(32, 3), recipe(3));
      QFAIL("wrote to a read-only folder");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("Read-only file system") != std::string::npos, e.what());
    }
    QCOMPARE(loadGallery(disk.path()).entries.size(), std::size_t(2));
    checkFolder(disk.path());
  }

  void exportOntoAFullDisk() {
    const auto gallery = exportSource();
    test::ScratchMount disk(at("export-disk"), 96 * 1024);
    if (!disk.ok()) QSKIP(disk.why());
    ExportOptions options;
    options.gallery = gallery;
    options.to = disk.path() / "out";
    options.html = options.csv = options.zip = true;
    try {
      exportGallery(options);
      QFAIL("a 96 KB disk held the export");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("No space left on device") != std::string::npos, e.what());
    }
    QVERIFY2(!fs::exists(options.to), "the failed export left files behind");
    // With room, the same export goes through without --force.
    QVERIFY(disk.remount(16 << 20, false));
    exportGallery(options);
    checkFolder(options.to);
    QCOMPARE(loadGallery(options.to / GalleryExport::kImagesFolder).entries.size(), std::size_t(6));
  }

  void exportIntoAReadOnlyFolder() {
    const auto gallery = exportSource();
    test::ScratchMount disk(at("export-ro"), 1 << 20);
    if (!disk.ok()) QSKIP(disk.why());
    QVERIFY(disk.remount(1 << 20, true));
    ExportOptions options;
    options.gallery = gallery;
    options.to = disk.path() / "out";
    options.html = true;
    try {
      exportGallery(options);
      QFAIL("exported into a read-only folder");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("Read-only file system") != std::string::npos, e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestGalleryFaults)
#include "test_gallery_faults.moc"
