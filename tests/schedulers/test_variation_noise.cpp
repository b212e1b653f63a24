// Variation seeds against A1111's formula (tests/data/goldens/variation,
// made by scripts/peer/make_variation_goldens.py from modules/rng.py of
// stable-diffusion-webui): our noise within 1e-6 of its slerp on a worked
// example, its fallback branch, strength 0 bit for bit the plain noise, and
// a whole tiny-model generation with a variation seed reproducible.
#include <QtTest>

#include <ATen/ops/allclose.h>
#include <ATen/ops/equal.h>

#include "core/schedulers/scheduler_names.h"
#include "core/pipeline/stable_diffusion.h"
#include "core/schedulers/noise_source.h"
#include "core/schedulers/variation_noise.h"
#include "core/util/threads.h"
#include "support/golden.h"

using namespace sd;

namespace {

constexpr double kAtol = 1e-6;
const at::TensorOptions kCpu = at::TensorOptions().dtype(at::kFloat).device(at::kCPU);

// One image's initial noise as our pipeline draws it: [1, C, H, W].
at::Tensor ourNoise(uint64_t seed, uint64_t variationSeed, double strength, const std::vector<int64_t>& chw) {
  auto noise = NoiseSource::perImage({seed});
  noise.setVariation({variationSeed}, strength);
  return noise.initialNoise({1, chw[0], chw[1], chw[2]}, kCpu);
}

std::vector<GeneratedImage> generate(const GenerationRequest& request) {
  auto model = StableDiffusion::load(test::dataPath("tiny-sd"), DevicePreference::Cpu);
  std::vector<GeneratedImage> images;
  GenerationCallbacks callbacks;
  callbacks.onImage = [&](GeneratedImage&& image) { images.push_back(std::move(image)); };
  model->generate(request, callbacks);
  return images;
}

GenerationRequest tinyRequest() {
  GenerationRequest r;
  r.prompts = {"a red fox"};
  r.width = r.height = 64;
  r.steps = 3;
  r.scheduler = SchedulerKind::EulerAncestral;  // step noise from the same generator: it must advance as without variation
  r.seed = 11;
  return r;
}

}  // namespace

class TestVariationNoise : public QObject {
  Q_OBJECT
  std::map<std::string, at::Tensor> m_golden;
  double m_worst = 0;

 private Q_SLOTS:
  void initTestCase() {
    configureTorchThreads();
    m_golden = test::loadGolden("goldens/variation/variation.safetensors");
  }

  void matchesA1111_data() {
    QTest::addColumn<QString>("name");
    const auto listing = test::loadGoldenJson("goldens/variation/variation.json");
    for (const auto& c : listing["cases"])
      QTest::newRow(c["name"].get<std::string>().c_str()) << QString::fromStdString(c["name"].get<std::string>());
  }

  void matchesA1111() {
    QFETCH(QString, name);
    nlohmann::json spec;
    const auto listing = test::loadGoldenJson("goldens/variation/variation.json");
    for (const auto& c : listing["cases"])
      if (c["name"] == name.toStdString()) spec = c;
    const auto shape = spec["shape"].get<std::vector<int64_t>>();
    const auto actual =
        ourNoise(spec["seed"].get<uint64_t>(), spec["subseed"].get<uint64_t>(), spec["strength"].get<double>(), shape);
    const auto& expected = test::tensorOf(m_golden, name.toStdString() + ".varied");
    const auto difference = test::compare(actual[0], expected);
    m_worst = std::max(m_worst, difference.maxAbs);
    qInfo("%s: max |Δ| %.3g", qPrintable(name), difference.maxAbs);
    SD_EXPECT_CLOSE(actual[0], expected, kAtol, 0.0);
  }

  // Nearly parallel noises take A1111's fallback, weights as written there
  // (low·val + high·(1 − val)): a textbook lerp would miss by 4e-3.
  void fallbackBranchAsWritten() {
    const auto& low = test::tensorOf(m_golden, "fallback.low");
    const auto& high = test::tensorOf(m_golden, "fallback.high");
    const auto actual = slerpA1111(0.3, low, high);
    m_worst = std::max(m_worst, test::compare(actual, test::tensorOf(m_golden, "fallback.varied")).maxAbs);
    SD_EXPECT_CLOSE(actual, test::tensorOf(m_golden, "fallback.varied"), kAtol, 0.0);
    QVERIFY(!at::allclose(actual, low * 0.7 + high * 0.3, 1e-6, 0));
  }

  void strengthZeroIsThePlainNoise() {
    const auto plain = NoiseSource::perImage({7}).randn({1, 4, 8, 12}, kCpu);
    QVERIFY(at::equal(ourNoise(7, 12345, 0.0, {4, 8, 12}), plain));
    QVERIFY(!at::equal(ourNoise(7, 12345, 0.01, {4, 8, 12}), plain));
  }

  // Strength 1: the variation seed's noise alone, as if it were the seed.
  void strengthOneIsTheVariationSeedsNoise() {
    const auto other = NoiseSource::perImage({12345}).randn({1, 4, 8, 12}, kCpu);
    SD_EXPECT_CLOSE(ourNoise(7, 12345, 1.0, {4, 8, 12}), other, 1e-6, 0.0);
  }

  void strengthOutsideZeroToOneIsRefused() {
    auto noise = NoiseSource::perImage({1});
    QVERIFY_THROWS_EXCEPTION(std::exception, noise.setVariation({2}, 1.5));
    QVERIFY_THROWS_EXCEPTION(std::exception, noise.setVariation({2}, -0.1));
  }

  // A whole generation: reproducible, strength 0 the image without a
  // variation seed, and a batch keeps the seed while the variation seed
  // counts up (A1111's process_images).
  void generationWithAVariationSeed() {
    auto plainRequest = tinyRequest();
    const auto plain = generate(plainRequest);
    auto zero = tinyRequest();
    zero.variationSeed = 99;
    zero.variationStrength = 0.0;
    QVERIFY(generate(zero).front().image.pixels == plain.front().image.pixels);

    auto varied = tinyRequest();
    varied.variationSeed = 99;
    varied.variationStrength = 0.3;
    varied.batch = 2;
    const auto first = generate(varied);
    const auto second = generate(varied);
    QCOMPARE(first.size(), std::size_t(2));
    for (std::size_t i = 0; i < 2; ++i) {
      QCOMPARE(first[i].seed, uint64_t(11));
      QCOMPARE(first[i].variationSeed, uint64_t(99 + i));
      QVERIFY(first[i].image.pixels == second[i].image.pixels);
      QCOMPARE(first[i].initialNoiseHash, second[i].initialNoiseHash);
    }
    QVERIFY(first[0].image.pixels != plain.front().image.pixels);
    QVERIFY(first[0].image.pixels != first[1].image.pixels);
  }

  void cleanupTestCase() { qInfo("largest |Δ| against A1111's formula: %.3g", m_worst); }
};

QTEST_GUILESS_MAIN(TestVariationNoise)
#include "test_variation_noise.moc"
