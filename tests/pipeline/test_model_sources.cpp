// Model sources: a diffusers folder and a single-file CompVis checkpoint of the
// same tiny model load to the same weights (the single file was made with
// diffusers' own conversion script, tests/data/tiny-sd-single-file); pickle
// files are refused; broken folders get errors that name the missing part.
#include <QTemporaryDir>

#include <filesystem>
#include <fstream>

#include "core/schedulers/scheduler_names.h"
#include "core/nn/tensor_io.h"
#include "core/pipeline/image_generation.h"
#include "core/pipeline/single_file_keys.h"
#include "core/util/error.h"
#include "core/util/threads.h"
#include "pipeline_golden_support.h"

using namespace sd;
namespace fs = std::filesystem;

namespace {

void expectError(const std::function<void()>& action, const std::string& fragment) {
  try {
    action();
    QFAIL(("no error; expected one mentioning: " + fragment).c_str());
  } catch (const Error& e) {
    QVERIFY2(std::string(e.what()).find(fragment) != std::string::npos, e.what());
  }
}

std::string singleFile() { return test::dataPath("tiny-sd-single-file/tiny-sd-v1.safetensors"); }

}  // namespace

class TestModelSources : public QObject {
  Q_OBJECT
  std::unique_ptr<SdComponents> m_folder;
  std::unique_ptr<SdComponents> m_single;

 private Q_SLOTS:
  void initTestCase() {
    configureTorchThreads();
    m_folder = loadComponents(locateModel(test::dataPath("tiny-sd")), ComputeDevice{}, {});
    m_single = loadComponents(locateModel(singleFile()), ComputeDevice{}, {});
  }

  void configsInferredFromShapes() {
    const auto& a = m_folder->unetConfig;
    const auto& b = m_single->unetConfig;
    QCOMPARE(b.blockOutChannels, a.blockOutChannels);
    QCOMPARE(b.layersPerBlock, a.layersPerBlock);
    QCOMPARE(b.downBlockTypes, a.downBlockTypes);
    QCOMPARE(b.upBlockTypes, a.upBlockTypes);
    QCOMPARE(b.attentionHeads, a.attentionHeads);
    QCOMPARE(b.crossAttentionDim, a.crossAttentionDim);
    QCOMPARE(b.normNumGroups, a.normNumGroups);
    QCOMPARE(m_single->vaeConfig.blockOutChannels, m_folder->vaeConfig.blockOutChannels);
    QCOMPARE(m_single->vaeConfig.normNumGroups, m_folder->vaeConfig.normNumGroups);
    QCOMPARE(m_single->textConfig.numAttentionHeads, m_folder->textConfig.numAttentionHeads);
    QCOMPARE(m_single->textConfig.numHiddenLayers, m_folder->textConfig.numHiddenLayers);
  }

  void everyTensorMapsAndMatches() {
    // 684 + 244 + 52 tensors: all used, each bit-identical to the folder's.
    std::map<std::string, at::Tensor> folder;
    m_folder->unet->forEachParameter([&](const Module::ParamRef& p) { folder["unet." + p.name] = p.tensor; });
    m_folder->vae->forEachParameter([&](const Module::ParamRef& p) { folder["vae." + p.name] = p.tensor; });
    m_folder->textEncoder->forEachParameter([&](const Module::ParamRef& p) { folder["text." + p.name] = p.tensor; });
    int compared = 0;
    auto check = [&](const std::string& prefix) {
      return [&, prefix](const Module::ParamRef& p) {
        const auto& expected = folder.at(prefix + p.name);
        QVERIFY2(at::equal(p.tensor.reshape(expected.sizes()), expected), (prefix + p.name).c_str());
        ++compared;
      };
    };
    m_single->unet->forEachParameter(check("unet."));
    m_single->vae->forEachParameter(check("vae."));
    m_single->textEncoder->forEachParameter(check("text."));
    QCOMPARE(compared, 980);
    QCOMPARE(static_cast<int>(folder.size()), 980);
  }

  void singleFileGeneratesTheSameImage() {
    c10::InferenceMode guard;
    BatchSpec spec;
    spec.prompts = {"A hyper-realistic photo of a friendly lion"};
    spec.negativePrompt = "blurry";
    spec.steps = 4;
    spec.scheduler = SchedulerKind::EulerAncestral;
    spec.width = spec.height = 64;
    const auto a = runBatch(*m_folder, spec, NoiseSource::fromSeed(3));
    const auto b = runBatch(*m_single, spec, NoiseSource::fromSeed(3));
    // The same model renders the same latents bit for bit...
    QVERIFY(at::equal(runBatch(*m_folder, spec, NoiseSource::fromSeed(3)).finalLatents, a.finalLatents));
    // ...and from the other file layout: bit for bit on LibTorch 1.13; on
    // 2.x, whose oneDNN/MKL kernels pick their code path by the weights'
    // alignment in the mapped file (each tensor sits at another offset in
    // the two files), within the pipeline goldens' latent tolerance
    // (measured: 8e-5 after 4 Euler a steps).
    const auto difference = test::compare(b.finalLatents, a.finalLatents);
    qInfo("single file vs folder: %s", difference.describe().c_str());
    if (test::sameTorchAsGoldens()) QVERIFY(at::equal(a.finalLatents, b.finalLatents));
    else SD_EXPECT_CLOSE(b.finalLatents, a.finalLatents, 1e-3, 0.0);
  }

  void picklesAreRefused() {
    QTemporaryDir dir;
    for (const char* name : {"model.ckpt", "model.bin", "model.pt", "model.pth"}) {
      const auto path = dir.path().toStdString() + "/" + name;
      std::ofstream(path) << "pickle";
      expectError([&] { locateModel(path); }, "never loads pickle");
    }
  }

  void brokenFoldersAreNamed() {
    QTemporaryDir dir;
    const fs::path copy = dir.path().toStdString() + "/model";
    fs::copy(test::dataPath("tiny-sd"), copy, fs::copy_options::recursive);
    fs::remove_all(copy / "vae");
    expectError([&] { locateModel(copy); }, "vae");
    fs::copy(test::dataPath("tiny-sd/vae"), copy / "vae", fs::copy_options::recursive);
    // A truncated UNet: the loader names the file.
    const auto unet = copy / "unet" / "diffusion_pytorch_model.safetensors";
    fs::resize_file(unet, fs::file_size(unet) / 2);
    expectError([&] { loadComponents(locateModel(copy), ComputeDevice{}, {}); }, unet.string());
    expectError([&] { locateModel(copy / "nope"); }, "does not exist");
    expectError([&] { locateModel(test::dataPath("tiny-sd/model_index.json")); }, "not a .safetensors");
  }

  void wrongFileIsNamed() {
    // A VAE file handed over as a single-file checkpoint has no UNet keys.
    expectError([&] { loadComponents(locateModel(test::dataPath("tiny-sd/vae/diffusion_pytorch_model.safetensors")),
                                     ComputeDevice{}, {}); },
                "diffusion_pytorch_model.safetensors");
  }
};

QTEST_GUILESS_MAIN(TestModelSources)
#include "test_model_sources.moc"
