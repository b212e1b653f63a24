// The CPU's fast mode (DevicePreference::CpuBf16): the UNet and the VAE run
// in bfloat16 while the scheduler, the noise and the text encoder stay in
// float32. It is inexact by design, so this checks that it is really on (the
// images are not the float32 ones), that the rest of the pipeline is
// untouched, and how far its images are from the reference images: the
// per-image goldens (README §5b), made by diffusers in float32.
#include <QtTest>

#include <ATen/ops/abs.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/randn.h>
#include <nlohmann/json.hpp>

#include "core/nn/compute_device.h"
#include "core/pipeline/model_location.h"
#include "core/pipeline/sd_components.h"
#include "core/pipeline/stable_diffusion.h"
#include "core/util/threads.h"
#include "per_image_runs.h"
#include "pipeline_golden_support.h"

using namespace sd;

namespace {

// Measured on the tiny model's golden runs: mean 0.61-1.23 levels, largest
// 5-13 apart (LibTorch 1.13); mean 0.48-0.98, largest 5-11 (LibTorch 2.11). The bounds leave room for other oneDNN
// versions and CPUs; a mode that silently ran in float32 gives 0 and fails
// the first check.
constexpr double kMeanLevels = 3.0;
constexpr int kMaxLevels = 40;

at::Tensor pixels(const RgbImage& image) {
  return at::from_blob(const_cast<uint8_t*>(image.pixels.data()), {image.height, image.width, 3}, at::kByte)
      .to(at::kInt);
}


}  // namespace

class TestBfloat16Mode : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { configureTorchThreads(); }

  void parsesAndNamesTheMode() {
    QVERIFY(parseDevicePreference("cpu-bf16") == DevicePreference::CpuBf16);
    QCOMPARE(QString::fromUtf8(devicePreferenceName(DevicePreference::CpuBf16).data()), QString("cpu-bf16"));
    const auto compute = resolveComputeDevice(DevicePreference::CpuBf16);
    QVERIFY(compute.device.is_cpu());
    QCOMPARE(compute.dtype, at::kFloat);
    QCOMPARE(compute.networkDtype, at::kBFloat16);
    QCOMPARE(QString::fromStdString(compute.describe()), QString("cpu (bfloat16)"));
    QCOMPARE(exactNetworks(compute).networkDtype, at::kFloat);  // CLIP scoring
  }

  void networksInBfloat16TheRestInFloat32() {
    c10::InferenceMode guard;
    const auto model = loadComponents(locateModel(test::dataPath("tiny-sd")),
                                      resolveComputeDevice(DevicePreference::CpuBf16), {});
    QCOMPARE(model->unet->conv_in.weight.scalar_type(), at::kBFloat16);
    QCOMPARE(model->vaeDtype, at::kBFloat16);
    int64_t textEncoderTensors = 0;
    model->textEncoder->forEachParameter([&](const Module::ParamRef& p) {
      QCOMPARE(p.tensor.scalar_type(), at::kFloat);
      ++textEncoderTensors;
    });
    QVERIFY(textEncoderTensors > 0);
    // The UNet takes and answers in the caller's float32.
    const auto latents = at::randn({2, model->unetConfig.inChannels, 8, 8});
    const auto context = at::randn({2, 77, model->unetConfig.crossAttentionDim});
    const auto out = model->unet->forward(latents, at::tensor(int64_t{500}), context);
    QCOMPARE(out.scalar_type(), at::kFloat);
    QCOMPARE(out.sizes(), latents.sizes());
  }

  void imagesStayCloseToTheExactOnes() {
    const auto model = StableDiffusion::load(test::dataPath("tiny-sd"), DevicePreference::CpuBf16);
    QCOMPARE(QString::fromStdString(model->info().device), QString("cpu (bfloat16)"));
    const auto runs = test::loadGoldenJson("goldens/per_image/per_image.json").at("runs");
    const auto golden = test::loadGolden("goldens/per_image/per_image.safetensors");
    for (const auto& r : runs) {
      const auto name = r.at("name").get<std::string>();
      std::vector<GeneratedImage> images;
      GenerationCallbacks callbacks;
      callbacks.onImage = [&](GeneratedImage&& image) { images.push_back(std::move(image)); };
      model->generate(test::perImageRequest(r), callbacks);
      QCOMPARE(images.size(), r.at("images").size());
      for (const auto& image : images) {
        const auto key = name + ".p" + std::to_string(image.promptIndex) + "-s" + std::to_string(image.seed);
        const auto difference = at::abs(pixels(image.image) - test::tensorOf(golden, key + ".image_uint8").to(at::kInt));
        const double mean = difference.to(at::kDouble).mean().item<double>();
        const int largest = difference.max().item<int>();
        qInfo("%s: bfloat16 against float32 reference: mean %.3f levels, largest %d", key.c_str(), mean, largest);
        QVERIFY2(largest > 0, (key + ": identical to float32, so the bfloat16 mode is not on").c_str());
        QVERIFY2(mean <= kMeanLevels && largest <= kMaxLevels,
                 (key + ": " + std::to_string(mean) + " levels mean, " + std::to_string(largest) + " largest").c_str());
      }
    }
  }
};

QTEST_GUILESS_MAIN(TestBfloat16Mode)
#include "test_bfloat16_mode.moc"
