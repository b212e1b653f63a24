// The pure install logic (core/catalogue/model_install.h) with the local-folder
// source: plans, .part resume, the disk-space check, verify-then-rename, a
// corrupt source installing nothing; and the catalogue's new keys.
#include <QtTest>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/catalogue/model_file_verify.h"
#include "core/catalogue/model_install.h"
#include "core/util/error.h"
#include "core/util/transfer_meter.h"
#include "support/scratch_mount.h"

using namespace sd;
namespace fs = std::filesystem;

namespace {

const fs::path kData = SD_TEST_DATA_DIR;
const fs::path kManifest = kData / ".." / ".." / "models" / "known_models.json";

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}
void writeFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

}  // namespace

class TestModelInstall : public QObject {
  Q_OBJECT

  KnownModels m_catalogue;
  QTemporaryDir m_tmp;

 private Q_SLOTS:
  void initTestCase() { m_catalogue = KnownModels::load(kManifest); }

  void catalogueHasDownloadAddresses() {
    QCOMPARE(m_catalogue.find("stable-diffusion-v1-4")->baseUrl,
             std::string("https://huggingface.co/CompVis/stable-diffusion-v1-4/resolve/main/"));
    QCOMPARE(m_catalogue.find("clip-vit-base-patch32")->baseUrl,
             std::string("https://huggingface.co/openai/clip-vit-base-patch32/resolve/refs%2Fpr%2F15/"));
    QVERIFY(m_catalogue.find("demo-sd")->baseUrl.empty());
    const auto& unet = m_catalogue.find("stable-diffusion-v1-4")->files[9];
    QCOMPARE(unet.path, std::string("unet/diffusion_pytorch_model.safetensors"));
    QCOMPARE(unet.tensors.value_or(0), uint64_t(686));
  }

  void parserRejectsBadEntries_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("message");
    const QString file = R"("files": [{"path": "a.json", "size": 1, "sha256": null}])";
    QTest::newRow("unknown key") << R"("id": "m", "name": "M", "kind": "clip", "layout": "diffusers", "sha265": 1, )" + file
                                 << "unknown key 'sha265'";
    QTest::newRow("base_url not http") << R"("id": "m", "name": "M", "kind": "clip", "layout": "diffusers", "base_url": "ftp://x/", )" + file
                                       << "'base_url' must be an http(s) URL ending in '/'";
    QTest::newRow("base_url without slash") << R"("id": "m", "name": "M", "kind": "clip", "layout": "diffusers", "base_url": "https://x/y", )" + file
                                            << "'base_url' must be an http(s) URL ending in '/'";
    QTest::newRow("path escapes") << R"("id": "m", "name": "M", "kind": "clip", "layout": "diffusers", "files": [{"path": "../x"}])"
                                  << "must be relative, '/'-separated, without '..'";
    QTest::newRow("absolute path") << R"("id": "m", "name": "M", "kind": "clip", "layout": "diffusers", "files": [{"path": "/etc/x"}])"
                                   << "must be relative";
    QTest::newRow("tensors not a count") << R"("id": "m", "name": "M", "kind": "clip", "layout": "diffusers", "files": [{"path": "x", "tensors": "many"}])"
                                         << "'tensors' must be a byte count or null";
    QTest::newRow("file twice") << R"("id": "m", "name": "M", "kind": "clip", "layout": "diffusers", "files": [{"path": "x"}, {"path": "x"}])"
                                << "file 'x' is listed twice";
  }
  void parserRejectsBadEntries() {
    QFETCH(QString, model);
    QFETCH(QString, message);
    const std::string json = R"({"format": "sdstudio-known-models", "version": 1, "models": [{)" + model.toStdString() + "}]}";
    try {
      KnownModels::parse(json, "t.json");
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains(message), e.what());
    }
  }

  void planSeesInstalledPartialAndMissing() {
    const auto* demo = m_catalogue.find("demo-clip");
    const fs::path dir = m_tmp.filePath("plan").toStdString();
    fs::create_directories(dir / "demo-clip");
    fs::copy_file(kData / "tiny-clip" / "config.json", dir / "demo-clip" / "config.json");
    writeFile(dir / "demo-clip" / "model.safetensors.part", readAll(kData / "tiny-clip" / "model.safetensors").substr(0, 1000));
    writeFile(dir / "demo-clip" / "vocab.json", "wrong");
    const InstallPlan plan = planInstall(*demo, dir, true);
    QCOMPARE(plan.folder, dir / "demo-clip");
    QVERIFY(!plan.installed());
    QCOMPARE(int(plan.files[0].state), int(PlannedState::Installed));
    QCOMPARE(int(plan.files[1].state), int(PlannedState::Partial));
    QCOMPARE(plan.files[1].partBytes, uint64_t(1000));
    QCOMPARE(int(plan.files[3].state), int(PlannedState::Different));  // vocab.json: not the catalogue's
    QVERIFY(!plan.files[3].note.empty());
    QVERIFY(plan.bytesStillNeeded() < plan.totalBytes());
  }

  void diskSpaceCheckNamesFolderAndNumbers() {
    const fs::path dir = m_tmp.filePath("space/not/yet").toStdString();
    requireDiskSpace(dir, 1);  // a folder that does not exist yet: its parent is measured
    try {
      requireDiskSpace(dir, uint64_t(1) << 62);
      QFAIL("an absurd requirement passed");
    } catch (const Error& e) {
      const QString m = e.what();
      QVERIFY2(m.contains("not enough disk space in " + QString::fromStdString(dir.string())), e.what());
      QVERIFY2(m.contains("4611686018427387904 bytes) needed") && m.contains("available"), e.what());
    }
  }

  void installsFromAFolderResumingAPart() {
    const fs::path dir = m_tmp.filePath("install").toStdString();
    const auto* demo = m_catalogue.find("demo-sd");
    const std::string unet = readAll(kData / "tiny-sd" / "unet" / "diffusion_pytorch_model.safetensors");
    writeFile(dir / "demo-sd" / "unet" / "diffusion_pytorch_model.safetensors.part", unet.substr(0, unet.size() / 3));
    LocalFolderSource source(kData / "tiny-sd");
    std::vector<InstallProgress> seen;
    InstallOptions options;
    options.progress = [&](const InstallProgress& p) { seen.push_back(p); };
    const InstallResult r = installModel(*demo, dir, source, options);
    QCOMPARE(r.folder, dir / "demo-sd");
    QCOMPARE(r.bytesFetched, uint64_t(19'627'866) - unet.size() / 3);  // the demo's bytes, less the resumed third
    QVERIFY(planInstall(*demo, dir, true).installed());
    QCOMPARE(readAll(dir / "demo-sd" / "unet" / "diffusion_pytorch_model.safetensors"), unet);
    QVERIFY(!fs::exists(dir / "demo-sd" / "unet" / "diffusion_pytorch_model.safetensors.part"));
    QVERIFY(!seen.empty());
    QCOMPARE(seen.back().done, seen.back().total);
    // Again: nothing to fetch.
    QCOMPARE(installModel(*demo, dir, source).bytesFetched, uint64_t(0));
  }

  void corruptSourceInstallsNothing() {
    const fs::path mirror = m_tmp.filePath("bad-mirror").toStdString();
    fs::copy(kData / "tiny-clip", mirror, fs::copy_options::recursive);
    std::string weights = readAll(mirror / "model.safetensors");
    weights[weights.size() / 2] ^= 0x5a;
    writeFile(mirror / "model.safetensors", weights);
    const fs::path dir = m_tmp.filePath("corrupt").toStdString();
    LocalFolderSource source(mirror);
    try {
      installModel(*m_catalogue.find("demo-clip"), dir, source);
      QFAIL("a corrupt file was accepted");
    } catch (const Error& e) {
      const QString m = e.what();
      QVERIFY2(m.contains("model.safetensors: sha256 mismatch: expected d56d0bd2") && m.contains(", got "), e.what());
      // config.json, first in the list, did go in: the message says so.
      QVERIFY2(m.contains("the download was deleted; installed before this: config.json"), e.what());
    }
    QVERIFY(!fs::exists(dir / "demo-clip" / "model.safetensors"));
    QVERIFY(!fs::exists(dir / "demo-clip" / "model.safetensors.part"));
    QVERIFY(!planInstall(*m_catalogue.find("demo-clip"), dir, true).installed());
  }

  void unverifiedDownloadNeverReplacesAnInstalledFile() {
    const fs::path dir = m_tmp.filePath("keep").toStdString();
    LocalFolderSource good(kData / "tiny-clip");
    installModel(*m_catalogue.find("demo-clip"), dir, good);
    // A later .part that fails its check is deleted; the installed file stays.
    PlannedFile f;
    f.spec = &m_catalogue.find("demo-clip")->files[1];
    f.target = dir / "demo-clip" / "model.safetensors";
    f.part = fs::path(f.target.string() + ".part");
    writeFile(f.part, "garbage");
    QVERIFY_THROWS_EXCEPTION(Error, finishPartFile(f, "model.safetensors"));
    QVERIFY(!fs::exists(f.part));
    QVERIFY(planInstall(*m_catalogue.find("demo-clip"), dir, true).installed());
  }

  void unknownHashSaysWhatWasChecked() {
    KnownModelFile spec;
    spec.path = "model.safetensors";
    spec.minSize = 1000;
    spec.maxSize = 10'000'000;
    spec.tensors = 3;
    const auto v = verifyModelFile(spec, kData / "tiny-clip" / "model.safetensors", "model.safetensors", false);
    QVERIFY2(v.ok, v.message.c_str());
    QVERIFY2(QString::fromStdString(v.message).contains(kSha256Unknown), v.message.c_str());
    spec.tensors = 100'000;  // more than the file holds
    const auto bad = verifyModelFile(spec, kData / "tiny-clip" / "model.safetensors", "model.safetensors", false);
    QVERIFY(!bad.ok);
    QVERIFY2(QString::fromStdString(bad.message).contains("expected 100000"), bad.message.c_str());
  }

  void transferMeterReadsLikeAPerson() {
    QCOMPARE(formatBytes(950), std::string("950 B"));
    QCOMPARE(formatBytes(19'627'866), std::string("19.6 MB"));
    QCOMPARE(formatBytes(4'315'272'876), std::string("4.32 GB"));
    TransferMeter meter;
    const auto t0 = TransferMeter::Clock::now();
    meter.start(100'000'000, 0, t0);
    QCOMPARE(meter.bytesPerSecond(), 0.0);  // one sample: no rate yet
    meter.update(10'000'000, t0 + std::chrono::seconds(2));
    QCOMPARE(meter.bytesPerSecond(), 5'000'000.0);
    QCOMPARE(meter.secondsLeft(), 18.0);
    QCOMPARE(meter.describe(), std::string("10.0 MB of 100 MB, 5.00 MB/s, 18 s left"));
  }

  // Issue 30, item 5: a file of the user's at a catalogue path (a fine-tuned
  // vocab, an fp16 UNet) is not replaced unless asked, and the result says
  // exactly what was installed and what was replaced.
  void differentFileIsReplacedOnlyWhenAsked() {
    const fs::path dir = m_tmp.filePath("mine").toStdString();
    LocalFolderSource source(kData / "tiny-clip");
    const auto& clip = *m_catalogue.find("demo-clip");
    installModel(clip, dir, source);
    writeFile(dir / "demo-clip" / "vocab.json", "{\"mine\": 0}");
    try {
      installModel(clip, dir, source);
      QFAIL("replaced the user's file");
    } catch (const Error& e) {
      const QString m = e.what();
      QVERIFY2(m.contains("vocab.json") && m.contains("choose to replace") && m.contains("nothing was downloaded or replaced"),
               e.what());
    }
    QCOMPARE(readAll(dir / "demo-clip" / "vocab.json"), std::string("{\"mine\": 0}"));
    InstallOptions replace;
    replace.replace = true;
    const auto r = installModel(clip, dir, source, replace);
    QCOMPARE(r.installed, std::vector<std::string>{"vocab.json"});
    QCOMPARE(r.replaced, std::vector<std::string>{"vocab.json"});
    QCOMPARE(readAll(dir / "demo-clip" / "vocab.json"), readAll(kData / "tiny-clip" / "vocab.json"));
  }

  // Issue 30, item 4: a source folder's file that is a symbolic link (here to
  // a "private key") is refused, and nothing of it reaches the models folder.
  void linkedSourceFileIsNeverCopied() {
    const fs::path mirror = m_tmp.filePath("link-mirror").toStdString();
    fs::copy(kData / "tiny-clip", mirror, fs::copy_options::recursive);
    const fs::path secret = m_tmp.filePath("id_rsa").toStdString();
    writeFile(secret, "-----BEGIN PRIVATE KEY-----");
    fs::remove(mirror / "config.json");
    fs::create_symlink(secret, mirror / "config.json");
    const fs::path dir = m_tmp.filePath("link-install").toStdString();
    LocalFolderSource source(mirror);
    try {
      installModel(*m_catalogue.find("demo-clip"), dir, source);
      QFAIL("a link was followed");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("config.json is a symbolic link"), e.what());
    }
    QVERIFY(!fs::exists(dir / "demo-clip"));  // issue 31, item 11: no empty model folder is left
    // A linked folder inside the source is refused the same way.
    fs::remove(mirror / "config.json");
    fs::copy_file(kData / "tiny-clip" / "config.json", mirror / "config.json");
    const fs::path sd = m_tmp.filePath("link-sd").toStdString();
    fs::copy(kData / "tiny-sd", sd, fs::copy_options::recursive);
    fs::remove_all(sd / "tokenizer");
    fs::create_directories(m_tmp.filePath("elsewhere").toStdString());
    fs::copy(kData / "tiny-sd" / "tokenizer", m_tmp.filePath("elsewhere/tokenizer").toStdString(), fs::copy_options::recursive);
    fs::create_symlink(m_tmp.filePath("elsewhere/tokenizer").toStdString(), sd / "tokenizer");
    LocalFolderSource sdSource(sd);
    QVERIFY_THROWS_EXCEPTION(Error, installModel(*m_catalogue.find("demo-sd"), dir, sdSource));
    QVERIFY(!fs::exists(dir / "demo-sd" / "tokenizer" / "vocab.json"));
  }

  // Issue 30, item 2: a file larger than its cap is stopped before a byte is
  // copied, and its .part (from an earlier run) is deleted.
  void fileOverItsCapIsRefusedAndDeleted() {
    KnownModel model;
    model.id = "capped";
    model.layout = "diffusers";
    model.folder = "capped";
    KnownModelFile f;
    f.path = "vocab.json";
    f.maxSize = 1000;  // the tiny vocab.json is ~960 kB
    model.files.push_back(f);
    const fs::path dir = m_tmp.filePath("capped").toStdString();
    writeFile(dir / "capped" / "vocab.json.part", std::string(500, 'x'));
    LocalFolderSource source(kData / "tiny-clip");
    try {
      installModel(model, dir, source);
      QFAIL("a file over its cap was copied");
    } catch (const Error& e) {
      const QString m = e.what();
      QVERIFY2(m.contains("more than the 1000 (1.00 kB) this file may have") && m.contains("deleted"), e.what());
    }
    QVERIFY(!fs::exists(dir / "capped" / "vocab.json.part"));
    QVERIFY(!fs::exists(dir / "capped" / "vocab.json"));
  }

  // Issue 30, item 2: the disk fills during a copy (something else took the
  // space after the check): a named error saying so, and no .part left.
  void fullDiskDeletesThePart() {
    test::ScratchMount disk(m_tmp.filePath("small-disk").toStdString(), 12 << 20);
    if (!disk.ok()) QSKIP(disk.why());
    LocalFolderSource source(kData / "tiny-clip");
    InstallOptions options;
    bool filled = false;
    options.progress = [&](const InstallProgress& p) {
      if (filled || p.file != "model.safetensors") return;
      filled = true;  // another program takes all but 100 kB
      const auto free = fs::space(disk.path()).available;
      writeFile(disk.path() / "other-program.bin", std::string(free - (100 << 10), 'o'));
    };
    try {
      installModel(*m_catalogue.find("demo-clip"), disk.path(), source, options);
      QFAIL("wrote past a full disk");
    } catch (const Error& e) {
      const QString m = e.what();
      QVERIFY2(m.contains("model.safetensors.part") && m.contains("the disk is full") &&
                   m.contains("partial download was deleted"),
               e.what());
    }
    QVERIFY(filled);
    QVERIFY(!fs::exists(disk.path() / "demo-clip" / "model.safetensors.part"));
  }

  // Issue 30, item 7: two installs of one model into one folder do not
  // interleave: the second fails at once, naming the lock.
  void secondInstallIntoTheSameFolderWaitsItsTurn() {
    const fs::path dir = m_tmp.filePath("locked").toStdString();
    const auto& clip = *m_catalogue.find("demo-clip");
    fs::create_directories(dir);
    const int held = ::open(installLockPath(clip, dir).c_str(), O_RDWR | O_CREAT, 0600);
    QVERIFY(held >= 0 && ::flock(held, LOCK_EX | LOCK_NB) == 0);  // "another studio" holds it
    LocalFolderSource source(kData / "tiny-clip");
    try {
      installModel(clip, dir, source);
      QFAIL("two installs ran at once");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("another install of demo-clip into"), e.what());
    }
    QVERIFY(!fs::exists(dir / "demo-clip" / "config.json"));
    ::close(held);
    installModel(clip, dir, source);  // released: it goes through
    QVERIFY(planInstall(clip, dir, true).installed());
  }

  // Issue 30, item 7: Ctrl+C while a finished download is hashed stops the
  // hashing and keeps the complete .part (it was ignored for a multi-GB file).
  void cancelWhileHashingKeepsThePart() {
    const fs::path dir = m_tmp.filePath("hash-cancel").toStdString();
    PlannedFile f;
    f.spec = &m_catalogue.find("demo-clip")->files[1];
    QVERIFY(f.spec->sha256);
    f.target = dir / "model.safetensors";
    f.part = fs::path(f.target.string() + ".part");
    writeFile(f.part, readAll(kData / "tiny-clip" / "model.safetensors"));
    std::atomic<bool> stop{true};
    QVERIFY_THROWS_EXCEPTION(Cancelled, finishPartFile(f, "model.safetensors", &stop));
    QVERIFY(fs::exists(f.part));
    QVERIFY(!fs::exists(f.target));
  }

  // Every file of the shipped catalogue has a size or a cap (item 2).
  void everyCatalogueFileHasABound() {
    for (const auto& m : m_catalogue.models())
      for (const auto& f : m.files)
        QVERIFY2(f.size || f.maxSize, qPrintable(QString::fromStdString(m.id + ": " + f.path)));
  }

  void cancelKeepsThePart() {
    const fs::path dir = m_tmp.filePath("cancel").toStdString();
    std::atomic<bool> stop{true};
    LocalFolderSource source(kData / "tiny-clip");
    InstallOptions options;
    options.cancel = &stop;
    QVERIFY_THROWS_EXCEPTION(Cancelled, installModel(*m_catalogue.find("demo-clip"), dir, source, options));
    QVERIFY(!planInstall(*m_catalogue.find("demo-clip"), dir, false).installed());
  }
};

QTEST_GUILESS_MAIN(TestModelInstall)
#include "test_model_install.moc"
