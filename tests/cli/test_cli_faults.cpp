// Fault injection for `sdstudio-cli generate` (issue 15), with the tiny
// model at 64×64 and two steps so each run takes a second or two:
//  * a disk that fills during a batch and an --out that is read-only (small
//    tmpfs mounts, root only; skipped, saying so, elsewhere): a clear error,
//    read-only refused before the model loads, and every image finished
//    before the fault intact;
//  * SIGKILL at random points of a batch, 20 times: every PNG on disk
//    decodes and carries its metadata, and the folder opens as a gallery
//    with all of them.
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <thread>

#include "core/gallery/gallery_store.h"
#include "core/image/png_io.h"
#include "core/metadata/settings_reader.h"
#include "support/cli_process.h"
#include "support/scratch_mount.h"

namespace fs = std::filesystem;

namespace {

QStringList generateArgs(const fs::path& out, int batch) {
  return {"generate", "--model", QString(SD_TEST_DATA_DIR) + "/tiny-sd", "--prompt", "a fault test",
          "--seed", "7", "--batch", QString::number(batch), "--steps", "2", "--width", "64", "--height", "64",
          "--device", "cpu", "--force", "--out", QString::fromStdString(out.string())};
}

// Every PNG decodes completely and carries our metadata; nothing empty or
// temporary counts as an image; the folder opens as a gallery with all of
// them. Returns how many images there are.
int checkOutput(const fs::path& out) {
  if (!fs::exists(out)) return 0;
  int pngs = 0;
  for (const auto& item : fs::directory_iterator(out)) {
    const auto name = item.path().filename().string();
    if (name.front() == '.') continue;  // a killed writer's temporary: never taken for an image
    [&] {
      QVERIFY2(item.file_size() > 0, name.c_str());
      QVERIFY2(!sd::readPng(item.path()).image.empty(), name.c_str());
      const auto settings = sd::readSettings(item.path());
      QVERIFY2(settings.source == sd::SettingsSource::SdStudio, name.c_str());
      QCOMPARE(settings.recipe.prompt, std::string("a fault test"));
    }();
    ++pngs;
  }
  const auto scan = sd::loadGallery(out);
  [&] {
    QCOMPARE(scan.unreadable, 0);
    QCOMPARE(static_cast<int>(scan.entries.size()), pngs);
  }();
  return pngs;
}

}  // namespace

class TestCliFaults : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  fs::path at(const char* name) { return fs::path(m_dir.path().toStdString()) / name; }

 private Q_SLOTS:
  void diskFillsDuringABatch() {
    // Room for about three 64×64 images (about 13 KB each: 4 pages of tmpfs).
    sd::test::ScratchMount disk(at("full"), 14 * 4096);
    if (!disk.ok()) QSKIP(disk.why());
    const auto r = sd::test::runCli(generateArgs(disk.path() / "out", 8));
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("No space left on device"), qPrintable(r.err));
    const int written = checkOutput(disk.path() / "out");
    QVERIFY2(written >= 1 && written < 8, qPrintable(QString::number(written)));
    QVERIFY2(r.err.count("wrote ") == written, qPrintable(r.err));
  }

  void readOnlyOutIsRefusedBeforeTheModelLoads() {
    sd::test::ScratchMount disk(at("ro"), 1 << 20);
    if (!disk.ok()) QSKIP(disk.why());
    QVERIFY(disk.remount(1 << 20, true));
    for (const auto& out : {disk.path(), disk.path() / "new"}) {
      const auto r = sd::test::runCli(generateArgs(out, 1));
      QCOMPARE(r.exitCode, 1);
      QVERIFY2(r.err.contains("Read-only file system") && r.err.contains(QString::fromStdString(out.string())),
               qPrintable(r.err));
      QVERIFY2(!r.err.contains("Model:"), qPrintable(r.err));
    }
  }

  void killedAtRandomPoints() {
    // One whole run first: how long a batch takes here sets the kill range.
    const auto whole = at("whole");
    auto r = sd::test::runCli(generateArgs(whole, 4));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(checkOutput(whole), 4);
    const int range = static_cast<int>(r.ms);

    int killedMidBatch = 0;
    for (int round = 0; round < 20; ++round) {
      const auto out = at("killed") / std::to_string(round);
      QProcess child;
      child.start(SD_CLI_PATH, generateArgs(out, 4));
      QVERIFY(child.waitForStarted());
      const int delay = QRandomGenerator::global()->bounded(range);
      child.waitForFinished(delay);
      const bool running = child.state() == QProcess::Running;
      child.kill();  // SIGKILL: no destructor, no flush, no cleanup
      child.waitForFinished(10'000);
      const int images = checkOutput(out);
      if (QTest::currentTestFailed()) return;
      killedMidBatch += running && images > 0 && images < 4;
      QVERIFY(images <= 4);
    }
    qInfo("20 kills, %d of them between the first and the last image", killedMidBatch);
  }
};

QTEST_GUILESS_MAIN(TestCliFaults)
#include "test_cli_faults.moc"
