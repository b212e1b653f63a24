// The score trajectory's engine side: every scheduler hands out its x₀
// estimate after each step; a request with trajectoryEvery N brings back the
// decoded estimates of steps N, 2N, … and the last; Euler's last estimate is
// its final latents (σ reaches 0); explain's arithmetic on embeddings.
#include <ATen/ops/allclose.h>
#include <ATen/ops/isfinite.h>

#include "core/clip/clip_scorer.h"
#include "core/clip/prompt_explanation.h"
#include "core/pipeline/image_generation.h"
#include "core/pipeline/stable_diffusion.h"
#include "core/schedulers/scheduler_names.h"
#include "core/util/error.h"
#include "core/util/threads.h"
#include "pipeline_golden_support.h"

using namespace sd;

class TestScoreTrajectory : public QObject {
  Q_OBJECT
  std::unique_ptr<SdComponents> m_model;

  BatchSpec spec(const std::string& scheduler, int steps) const {
    BatchSpec s;
    s.prompts = {"a red fox"};
    s.steps = steps;
    s.scheduler = parseScheduler(scheduler);
    s.width = s.height = 64;
    return s;
  }

 private Q_SLOTS:
  void initTestCase() {
    configureTorchThreads();
    m_model = loadComponents(locateModel(test::dataPath("tiny-sd")), ComputeDevice{}, {});
  }

  void everySchedulerEstimates_data() {
    QTest::addColumn<QString>("scheduler");
    for (const auto& s : {"pndm", "ddim", "lms", "euler", "euler_ancestral", "heun", "dpmpp_2m", "dpmpp_2m_karras",
                          "unipc", "ddpm"})
      QTest::newRow(s) << QString(s);
  }

  void everySchedulerEstimates() {
    QFETCH(QString, scheduler);
    c10::InferenceMode guard;
    auto s = spec(scheduler.toStdString(), 4);
    int calls = 0, lastSteps = 0;
    at::Tensor last;
    s.onEstimate = [&](int step, int steps, const at::Tensor& x0) {
      QCOMPARE(step, ++calls);
      lastSteps = steps;
      QVERIFY(x0.defined());
      QVERIFY(x0.sizes() == at::IntArrayRef({1, 4, 8, 8}));
      last = x0;
    };
    const auto outcome = runBatch(*m_model, s, NoiseSource::fromSeed(1));
    QCOMPARE(calls, lastSteps);
    QVERIFY(at::isfinite(last).all().item<bool>());
    if (scheduler == "euler") SD_EXPECT_CLOSE(last, outcome.finalLatents, 1e-5, 1e-5);
  }

  void requestBringsBackDecodedEstimates_data() {
    QTest::addColumn<int>("steps");
    QTest::addColumn<int>("every");
    QTest::addColumn<QList<int>>("expected");
    QTest::newRow("4 every 2") << 4 << 2 << QList<int>{2, 4};
    QTest::newRow("5 every 2, and the last") << 5 << 2 << QList<int>{2, 4, 5};
    QTest::newRow("3 every 5: the last only") << 3 << 5 << QList<int>{3};
  }

  void requestBringsBackDecodedEstimates() {
    QFETCH(int, steps);
    QFETCH(int, every);
    QFETCH(QList<int>, expected);
    for (const auto decoder : {EstimateDecoder::Approximation, EstimateDecoder::Vae}) {
      auto model = StableDiffusion::load(test::dataPath("tiny-sd"), DevicePreference::Cpu);
      GenerationRequest request;
      request.prompts = {"a red fox"};
      request.steps = steps;
      request.width = request.height = 64;
      request.scheduler = SchedulerKind::Euler;
      request.trajectoryEvery = every;
      request.trajectoryDecoder = decoder;
      std::vector<GeneratedImage> images;
      GenerationCallbacks callbacks;
      callbacks.onImage = [&](GeneratedImage&& image) { images.push_back(std::move(image)); };
      model->generate(request, callbacks);
      QCOMPARE(images.size(), std::size_t(1));
      QList<int> got;
      for (const auto& e : images[0].estimates) got << e.step;
      QCOMPARE(got, expected);
      // The approximation is the latents' size (h/8), the VAE the image's.
      const int side = decoder == EstimateDecoder::Vae ? 64 : 8;
      QCOMPARE(images[0].estimates.back().image.width, side);
    }
  }

  // With the own prompt's embedding replaced, its probability and logit move;
  // a unit whose ablation equals the prompt changes nothing.
  void explanationArithmetic() {
    const ClipEmbedding image{1, 0}, prompt{0.8f, 0.6f}, other{0, 1}, away{0.6f, 0.8f};
    PromptAblations ablations;
    ablations.units = promptUnits("red fox");
    ablations.embeddings = {prompt, away};
    const auto e = explainWithAblations(image, {prompt, other}, 0, ablations, 100.0f);
    const auto base = clipScores({image}, {prompt, other}, 100.0f);
    QCOMPARE(e.probability, double(base.probabilities[0][0]));
    QCOMPARE(e.units.size(), std::size_t(2));
    QCOMPARE(e.units[0].probability, e.probability);
    QVERIFY(e.units[1].probability < e.probability);
    QVERIFY(qAbs(e.units[1].logit - 60.0) < 1e-4);  // 100 · cos = 100 · 0.6
    QCOMPARE(e.units[1].text, std::string("fox"));
    QVERIFY_THROWS_EXCEPTION(Error, explainWithAblations(image, {prompt}, 1, ablations, 100.0f));
  }

  // On the tiny CLIP: one ablation per word or group, each a real embedding.
  void explainsWithTheTextTower() {
    const auto scorer = ClipScorer::load(test::dataPath("tiny-clip"), DevicePreference::Cpu);
    const auto image = scorer->embedTexts({"a photo"}).front();  // any unit vector of the right size
    const auto e = explainPrompt(*scorer, image, "a (red:1.3) fox, [snow]", {"a cat"});
    QCOMPARE(e.units.size(), std::size_t(4));
    QCOMPARE(e.units[1].text, std::string("(red:1.3)"));
    for (const auto& u : e.units) QVERIFY(u.probability >= 0 && u.probability <= 1);
  }
};

QTEST_APPLESS_MAIN(TestScoreTrajectory)
#include "test_score_trajectory.moc"
