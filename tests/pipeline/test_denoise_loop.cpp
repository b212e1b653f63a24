// The denoising loop never makes the host wait for the device. Checked on
// the CPU by running it on LibTorch's meta device, whose tensors have shapes
// but no data: anything that reads device memory inside a step (.item(), a
// copy back to the host, nonzero(), a comparison used as a bool) throws
// there, the way it would stall a CUDA stream. Every scheduler, with and
// without guidance, txt2img, img2img's begin index, and inpainting's blend
// after each step (the known latents re-noised by the scheduler).
#include <QtTest>

#include <string>

#include <ATen/ops/randn.h>
#include <ATen/ops/sum.h>

#include "core/nn/torch_features.h"
#include "core/pipeline/denoise_loop.h"
#include "core/schedulers/scheduler_names.h"
#include "core/util/error.h"
#include "support/golden.h"

using namespace sd;

namespace {

SchedulerConfig sdConfig() { return readSchedulerConfig(test::dataPath("tiny-sd/scheduler/scheduler_config.json")); }

const at::TensorOptions kMeta = at::TensorOptions().device(at::kMeta).dtype(at::kFloat);

// A stand-in model that only does device arithmetic: 0.1·x + c.
NoisePredictor deviceOnlyModel() {
  const auto c = at::randn({1, 4, 8, 8}, kMeta);
  return [c](const at::Tensor& x, const at::Tensor& t, const at::Tensor&) {
    if (!t.device().is_meta()) throw Error("the timestep reached the model from the host");
    return 0.1 * x + c;
  };
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

class TestDenoiseLoop : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    if (!SD_TORCH_AT_LEAST(2, 1)) QSKIP("LibTorch 1.13 lacks meta kernels for some of the schedulers' operators");
  }

  // The check can fail: a model that reads one number back is caught.
  void aHostReadIsCaught() {
    auto scheduler = makeScheduler(parseScheduler("euler"), sdConfig());
    scheduler->setTimesteps(4);
    DenoiseInputs inputs;
    inputs.latents = at::randn({1, 4, 8, 8}, kMeta);
    inputs.timesteps = scheduler->timesteps();
    inputs.guidanceScale = 1.0;
    const NoisePredictor reads = [](const at::Tensor& x, const at::Tensor&, const at::Tensor&) {
      (void)x.sum().item<float>();
      return x;
    };
    QVERIFY(!errorOf([&] { denoise(reads, *scheduler, inputs, NoiseSource::fromSeed(1), {}); }).empty());
  }

  void noStepReadsTheDevice_data() {
    QTest::addColumn<std::string>("id");
    QTest::addColumn<bool>("guided");
    QTest::addColumn<int64_t>("begin");
    QTest::addColumn<bool>("inpaint");
    for (const auto& info : knownSchedulers()) {
      QTest::newRow((info.id + " cfg").c_str()) << info.id << true << int64_t{-1} << false;
      QTest::newRow((info.id + " no cfg").c_str()) << info.id << false << int64_t{-1} << false;
      QTest::newRow((info.id + " img2img").c_str()) << info.id << true << int64_t{4} << false;
      QTest::newRow((info.id + " inpaint").c_str()) << info.id << true << int64_t{4} << true;
    }
  }

  void noStepReadsTheDevice() {
    QFETCH(std::string, id);
    QFETCH(bool, guided);
    QFETCH(int64_t, begin);
    QFETCH(bool, inpaint);
    auto scheduler = makeScheduler(parseScheduler(id), sdConfig());
    scheduler->setTimesteps(10);
    DenoiseInputs inputs;
    inputs.timesteps = scheduler->timesteps();
    if (begin >= 0) {
      inputs.timesteps = inputs.timesteps.narrow(0, begin, inputs.timesteps.size(0) - begin);
      scheduler->setBeginIndex(begin);
    }
    inputs.latents = at::randn({2, 4, 8, 8}, kMeta) * scheduler->initNoiseSigma();
    inputs.promptEmbeds = at::randn({2, 77, 32}, kMeta);
    if (guided) inputs.negativeEmbeds = at::randn({2, 77, 32}, kMeta);
    if (inpaint) {
      const auto known = at::randn({2, 4, 8, 8}, kMeta), noise = at::randn({2, 4, 8, 8}, kMeta);
      const auto mask = at::randn({2, 1, 8, 8}, kMeta);
      const auto timesteps = inputs.timesteps;
      inputs.afterStep = [&, known, noise, mask, timesteps](int i, const at::Tensor& x) {
        const auto next = i + 1 < timesteps.size(0) ? scheduler->addNoise(known, noise, timesteps.narrow(0, i + 1, 1))
                                                    : known;
        return (1 - mask) * next + mask * x;
      };
    }
    int steps = 0;
    const auto message = errorOf([&] {
      const auto out = denoise(deviceOnlyModel(), *scheduler, inputs, NoiseSource::perImage({1, 2}),
                               [&](int, int, const at::Tensor& x) {
                                 ++steps;
                                 if (!x.device().is_meta()) throw Error("a step left the device");
                                 return true;
                               });
      if (out.sizes() != inputs.latents.sizes()) throw Error("the loop changed the latents' shape");
    });
    QVERIFY2(message.empty(), message.c_str());
    QCOMPARE(int64_t(steps), inputs.timesteps.size(0));
  }
};

QTEST_GUILESS_MAIN(TestDenoiseLoop)
#include "test_denoise_loop.moc"
