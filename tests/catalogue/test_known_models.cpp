// models/known_models.json parses, describes the shipped demo models exactly
// (sizes and sha256 of tests/data/tiny-sd and tiny-clip), and the checks
// catch missing, truncated and altered files. Model search folders follow
// the documented order (models/README.md).
#include <QtTest>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/catalogue/known_models.h"
#include "core/catalogue/model_search_paths.h"
#include "core/util/error.h"

using namespace sd;
namespace fs = std::filesystem;

namespace {

const fs::path kData = SD_TEST_DATA_DIR;
const fs::path kManifest = kData / ".." / ".." / "models" / "known_models.json";

void writeFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

void setEnv(const char* name, const std::string& value) {
  if (value.empty())
    ::unsetenv(name);
  else
    ::setenv(name, value.c_str(), 1);
}

}  // namespace

class TestKnownModels : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void manifestListsTheModels() {
    const auto known = KnownModels::load(kManifest);
    for (const char* id : {"stable-diffusion-v1-4", "clip-vit-base-patch32", "demo-sd", "demo-clip", "sd-v1-4-ckpt"})
      QVERIFY2(known.find(id), id);
    const auto* sd = known.find("stable-diffusion-v1-4");
    QCOMPARE(sd->layout, std::string("diffusers"));
    // Unknown hashes stay null rather than invented (only the VAE's is
    // published); the big files carry a range; every file has a cap.
    for (const auto& f : sd->files) {
      QCOMPARE(f.sha256.has_value(), f.path == "vae/diffusion_pytorch_model.safetensors");
      if (f.tensorBytes) QVERIFY(f.minSize && f.maxSize && *f.minSize == *f.tensorBytes);
      QVERIFY(f.size || f.maxSize);
    }
    const auto* vae = &sd->files[11];
    QCOMPARE(*vae->sha256, std::string("a2b5134f4dbc140d9c11f11cba3233099e00af40f262f136c691fb7d38d2194c"));
    QCOMPARE(*vae->size, uint64_t(334'643'276));
    const auto& clipWeights = known.find("clip-vit-base-patch32")->files[1];
    QCOMPARE(*clipWeights.sha256, std::string("99d28a652e6ec46629ab7047a0ac82c69b1fe11e0ce672c43af65d3a9a3fc05d"));
    QCOMPARE(*clipWeights.size, uint64_t(605'157'884));
    QVERIFY(!known.find("sd-v1-4-ckpt")->loadable);
    // Installed copy or, from a build dir, this source tree's.
    QVERIFY(!knownModelsManifestPath().empty());
    QVERIFY(KnownModels::load(knownModelsManifestPath()).find("demo-sd"));
  }

  void demoModelsMatchTheirEntries() {
    const auto known = KnownModels::load(kManifest);
    for (const auto& [id, folder] : {std::pair{"demo-sd", "tiny-sd"}, std::pair{"demo-clip", "tiny-clip"}}) {
      const auto check = checkKnownModel(*known.find(id), kData / folder, true);
      QVERIFY2(check.ok(), check.summary().c_str());
      for (const auto& f : check.files)
        QCOMPARE(int(f.status), int(FileStatus::Ok));
    }
    QCOMPARE(known.identify(kData / "tiny-sd"), known.find("demo-sd"));
    QCOMPARE(known.identify(kData / "tiny-clip"), known.find("demo-clip"));
    QCOMPARE(known.identify(kData / "goldens"), nullptr);
  }

  void catchesBadFiles() {
    const auto known = KnownModels::load(kManifest);
    const auto& demo = *known.find("demo-sd");
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    fs::copy(kData / "tiny-sd", dir / "m", fs::copy_options::recursive);
    for (const auto& e : fs::recursive_directory_iterator(dir))
      fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
    QVERIFY(checkKnownModel(demo, dir / "m", false).ok());

    fs::resize_file(dir / "m/unet/diffusion_pytorch_model.safetensors", 1000);  // truncated download
    fs::remove(dir / "m/vae/config.json");
    auto check = checkKnownModel(demo, dir / "m", false);
    QVERIFY(!check.ok());
    QVERIFY(check.summary().find("diffusion_pytorch_model.safetensors: 1000 bytes, expected") != std::string::npos);
    QVERIFY(check.summary().find("config.json: missing") != std::string::npos);

    {  // same size, one byte changed
      const fs::path json = dir / "m/model_index.json";
      std::fstream f(json, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(0);
      f.put(' ');
      f.close();
      const auto spec = demo.files.front();
      QCOMPARE(spec.path, std::string("model_index.json"));
      QCOMPARE(int(checkKnownFile(spec, json, false).status), int(FileStatus::Ok));
      QCOMPARE(int(checkKnownFile(spec, json, true).status), int(FileStatus::WrongSha256));
    }

    KnownModelFile range{"w.safetensors", std::nullopt, 10, 20, 10, std::nullopt, true};
    writeFile(dir / "w.safetensors", std::string(15, 'x'));
    QCOMPARE(int(checkKnownFile(range, dir / "w.safetensors", true).status), int(FileStatus::Ok));
    writeFile(dir / "w.safetensors", std::string(25, 'x'));
    QCOMPARE(int(checkKnownFile(range, dir / "w.safetensors", true).status), int(FileStatus::WrongSize));
  }

  void rejectsBadManifests() {
    QVERIFY_THROWS_EXCEPTION(Error, KnownModels::parse("{", "m.json"));
    QVERIFY_THROWS_EXCEPTION(Error, KnownModels::parse(R"({"models": []})", "m.json"));
    const std::string badHash = R"({"format": "sdstudio-known-models", "version": 1, "models": [{"id": "x",
        "name": "X", "kind": "clip", "layout": "transformers", "files": [{"path": "a", "sha256": "ABC"}]}]})";
    try {
      KnownModels::parse(badHash, "m.json");
      QFAIL("accepted a malformed sha256");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("m.json model 'x' file 'a'") != std::string::npos, e.what());
    }
  }

  void searchPathsInDocumentedOrder() {
    QTemporaryDir tmp;
    const fs::path root = tmp.path().toStdString();
    setEnv("SDSTUDIO_MODELS_DIR", (root / "env1").string() + ":" + (root / "env2").string());
    setEnv("XDG_DATA_HOME", (root / "home").string());
    setEnv("XDG_DATA_DIRS", (root / "sys").string() + ":relative/ignored");
    const auto dirs = modelSearchPaths({{root / "conf"}, root / "prefix" / "bin"});
    QStringList got;
    for (const auto& d : dirs) got << QString::fromStdString(d.origin + " " + d.path.lexically_relative(root).string());
    QCOMPARE(got.mid(0, 5), QStringList({"SDSTUDIO_MODELS_DIR env1", "SDSTUDIO_MODELS_DIR env2", "configured conf",
                                         "user home/sdstudio/models", "system sys/sdstudio/models"}));
    // Next to the program before the build's install prefix (a relocated tarball).
    QCOMPARE(got.at(got.size() - 2), QString("installed prefix/share/sdstudio/models"));
    QVERIFY2(got.last().endsWith("share/sdstudio/models"), qPrintable(got.last()));
    QCOMPARE(userModelsDir(), root / "home" / "sdstudio" / "models");

    // A diffusers folder, a CLIP folder and a checkpoint; env1 hides conf's copy.
    writeFile(root / "env1/sd/model_index.json", "{}");
    writeFile(root / "env1/clip/config.json", "{}");
    writeFile(root / "env1/clip/model.safetensors", "x");
    writeFile(root / "env1/notes.txt", "x");
    writeFile(root / "conf/sd/model_index.json", "{}");
    writeFile(root / "conf/one.safetensors", "x");
    const auto found = discoverModels(dirs);
    QStringList names;
    for (const auto& m : found) names << QString::fromStdString(m.origin + " " + m.kind + " " + m.path.filename().string());
    QVERIFY2(names.mid(0, 3) == QStringList({"SDSTUDIO_MODELS_DIR clip clip", "SDSTUDIO_MODELS_DIR stable-diffusion sd",
                                             "configured checkpoint one.safetensors"}),
             qPrintable(names.join(", ")));
    QCOMPARE(findModel("sd", dirs), root / "env1" / "sd");
    QCOMPARE(findModel("one.safetensors", dirs), root / "conf" / "one.safetensors");
    QVERIFY(findModel("absent", dirs).empty());
    // Issue 30, item 7: a name from an image's metadata never leaves the
    // model folders.
    writeFile(root / "outside/config.json", "{}");
    QVERIFY(findModel("../outside", dirs).empty());
    QVERIFY(findModel("sd/../../outside", dirs).empty());
    QVERIFY(findModel((root / "outside").string(), dirs).empty());

    setEnv("SDSTUDIO_MODELS_DIR", "");
    setEnv("XDG_DATA_HOME", "");
    setEnv("XDG_DATA_DIRS", "");
  }
};

QTEST_GUILESS_MAIN(TestKnownModels)
#include "test_known_models.moc"
