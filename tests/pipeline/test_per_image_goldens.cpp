// The per-image-seeded reference runs (README §5b): every image has its own
// CPU generator (seed + i), exactly how SD Studio seeds. Checked through the
// public StableDiffusion API and through `sdstudio-cli generate`, whose file
// names (p<k>-s<seed>.png) and PNG pixels must match the reference files.
#include <QProcess>
#include <QTemporaryDir>

#include <filesystem>
#include <fstream>

#include <ATen/ops/from_blob.h>
#include <nlohmann/json.hpp>

#include "core/schedulers/scheduler_names.h"
#include "core/image/png_io.h"
#include "core/nn/tensor_io.h"
#include "core/pipeline/stable_diffusion.h"
#include "core/util/threads.h"
#include "per_image_runs.h"
#include "pipeline_golden_support.h"

using namespace sd;

namespace {

at::Tensor pixels(const RgbImage& image) {
  return at::from_blob(const_cast<uint8_t*>(image.pixels.data()), {image.height, image.width, 3}, at::kByte).clone();
}

GenerationRequest requestOf(const nlohmann::json& r) {
  auto request = test::perImageRequest(r);
  request.keepLatents = true;
  return request;
}

}  // namespace

class TestPerImageGoldens : public QObject {
  Q_OBJECT
  std::unique_ptr<StableDiffusion> m_model;
  nlohmann::json m_runs;
  std::map<std::string, at::Tensor> m_golden;

 private Q_SLOTS:
  void initTestCase() {
    configureTorchThreads();
    m_model = StableDiffusion::load(test::dataPath("tiny-sd"), DevicePreference::Cpu);
    m_runs = test::loadGoldenJson("goldens/per_image/per_image.json").at("runs");
    m_golden = test::loadGolden("goldens/per_image/per_image.safetensors");
  }

  void run_data() {
    QTest::addColumn<int>("index");
    for (int i = 0; i < static_cast<int>(m_runs.size()); ++i)
      QTest::newRow(m_runs[i].at("name").get<std::string>().c_str()) << i;
  }

  void run() {
    QFETCH(int, index);
    const auto& r = m_runs[index];
    const auto name = r.at("name").get<std::string>();
    std::vector<GeneratedImage> images;
    GenerationCallbacks callbacks;
    callbacks.onImage = [&](GeneratedImage&& image) { images.push_back(std::move(image)); };
    m_model->generate(requestOf(r), callbacks);
    QCOMPARE(images.size(), r.at("images").size());
    for (const auto& image : images) {
      const auto stem = "p" + std::to_string(image.promptIndex) + "-s" + std::to_string(image.seed);
      QVERIFY(std::find(r.at("images").begin(), r.at("images").end(), name + "/" + stem + ".png") != r.at("images").end());
      const auto key = name + "." + stem;
      const auto latents = at::from_blob(const_cast<float*>(image.finalLatents.data()), image.latentShape, at::kFloat);
      test::expectCloseReported(latents, test::tensorOf(m_golden, key + ".final_latents"), test::kLatentAtol,
                                key + " final latents");
      test::expectUint8Close(pixels(image.image), test::tensorOf(m_golden, key + ".image_uint8"), key + " image");
    }
  }

  void cliWritesTheSameFiles() {
    const auto& r = m_runs[1];  // pi_dpmpp_2m_karras: 1 prompt × 2 seeds
    const auto name = r.at("name").get<std::string>();
    QTemporaryDir out;
    QStringList args{"generate", "--model", QString::fromStdString(test::dataPath("tiny-sd")), "--device", "cpu",
                     "--negative", QString::fromStdString(r.at("negative").get<std::string>()), "--save-latents",
                     "--out", out.path()};
    for (const auto& p : r.at("prompts")) args << "--prompt" << QString::fromStdString(p.get<std::string>());
    for (const char* key : {"steps", "seed", "batch", "width", "height"})
      args << QString("--") + key << QString::number(r.at(key).get<int>());
    args << "--cfg" << QString::number(r.at("cfg").get<double>()) << "--scheduler"
         << QString::fromStdString(r.at("scheduler").get<std::string>());
    QProcess cli;
    cli.start(SD_CLI_PATH, args);
    QVERIFY(cli.waitForFinished(300'000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    for (const auto& file : r.at("images")) {
      const auto stem = std::filesystem::path(file.get<std::string>()).stem().string();
      const auto written = readPng(out.path().toStdString() + "/" + stem + ".png");
      const auto reference = readPng(test::dataPath("goldens/per_image/" + file.get<std::string>()));
      test::expectUint8Close(pixels(written.image), pixels(reference.image), stem + ".png");
      QVERIFY(findText(written.text, "parameters").find("Seed: ") != std::string::npos);
      const auto latents = loadTensors(out.path().toStdString() + "/" + stem + ".latents.safetensors");
      test::expectCloseReported(latents.at("latents"), test::tensorOf(m_golden, name + "." + stem + ".final_latents"),
                                test::kLatentAtol, stem + " saved latents");
    }
  }
};

QTEST_GUILESS_MAIN(TestPerImageGoldens)
#include "test_per_image_goldens.moc"
