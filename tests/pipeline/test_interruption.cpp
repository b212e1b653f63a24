// A cancel lands inside a step, between the model's layers (at full size on a
// CPU a step takes a minute), and a slow step reports its progress as it
// goes. Checked on the tiny model, counting the polls instead of timing.
#include <QtTest>

#include <memory>
#include <vector>

#include <ATen/ops/conv2d.h>
#include <ATen/ops/randn.h>

#include "core/schedulers/scheduler_names.h"
#include "core/nn/banded_conv.h"
#include "core/pipeline/stable_diffusion.h"
#include "core/util/error.h"
#include "core/util/interruption.h"
#include "core/util/threads.h"
#include "support/golden.h"

using namespace sd;

namespace {

GenerationRequest smallRequest() {
  GenerationRequest r;
  r.prompts = {"a lighthouse"};
  r.steps = 3;
  r.width = 64;
  r.height = 64;
  r.scheduler = SchedulerKind::Euler;
  return r;
}

}  // namespace

class TestInterruption : public QObject {
  Q_OBJECT
  std::unique_ptr<StableDiffusion> m_model;

 private Q_SLOTS:
  void initTestCase() {
    configureTorchThreads();
    m_model = StableDiffusion::load(test::dataPath("tiny-sd"), DevicePreference::Cpu);
  }

  void scopesNestAndUnwind() {
    std::vector<int> seen;
    interruptionPoint();  // no scope: nothing happens
    {
      InterruptionScope outer([&](double) { seen.push_back(1); });
      interruptionPoint();
      {
        InterruptionScope inner([&](double) {
          seen.push_back(2);
          interruptionPoint();  // a check that calls a model reaches the outer scope, never itself
        });
        interruptionPoint();
      }
      interruptionPoint();
    }
    interruptionPoint();
    QCOMPARE(seen, (std::vector<int>{1, 2, 1, 1}));
  }

  void cancelLandsWithinTheFirstStep() {
    int polls = 0, steps = 0;
    GenerationCallbacks callbacks;
    callbacks.shouldStop = [&] { return ++polls >= 5; };
    callbacks.onStep = [&](const StepProgress&) {
      ++steps;
      return true;
    };
    QVERIFY_THROWS_EXCEPTION(Cancelled, m_model->generate(smallRequest(), callbacks));
    QCOMPARE(polls, 5);
    QCOMPARE(steps, 0);  // stopped inside the first UNet pass, not after it
  }

  void aStepReportsItsProgress() {
    std::vector<double> fractions;
    std::vector<int> stepsUnderWay;
    int polls = 0;
    GenerationCallbacks callbacks;
    callbacks.shouldStop = [&] {
      ++polls;
      return false;
    };
    callbacks.onWithinStep = [&](const StepProgress& p) {
      fractions.push_back(p.withinStep);
      stepsUnderWay.push_back(p.step);
      QVERIFY(p.preview.empty());
      QCOMPARE(p.steps, 3);
    };
    m_model->generate(smallRequest(), callbacks);
    // The tiny UNet has 4 down blocks, a mid block and 4 up blocks: 9 reports a step.
    QCOMPARE(fractions.size(), std::size_t(27));
    QCOMPARE(fractions[0], 1.0 / 9);
    QCOMPARE(fractions[8], 1.0);
    QCOMPARE(stepsUnderWay.front(), 0);  // none finished yet while the first runs
    QCOMPARE(stepsUnderWay.back(), 2);
    QVERIFY(polls > 27 * 3);  // every resnet and transformer block polls too
  }

  // The decoder's biggest convolutions run in bands of output rows with a
  // point between bands; the bands must add up to the whole convolution, at
  // the edges (zero padding), with stride 2 and with bands that do not
  // divide the rows evenly.
  void bandedConvolutionIsTheWholeConvolution_data() {
    QTest::addColumn<int>("stride");
    QTest::addColumn<int>("padding");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("bands");
    QTest::newRow("3x3 same") << 1 << 1 << 3 << 4;
    QTest::newRow("3x3 uneven bands") << 1 << 1 << 3 << 5;
    QTest::newRow("3x3 stride 2") << 2 << 1 << 3 << 3;
    QTest::newRow("3x3 stride 2 no padding") << 2 << 0 << 3 << 3;
    QTest::newRow("1x1") << 1 << 0 << 1 << 7;
    QTest::newRow("a band per row") << 1 << 1 << 3 << 19;
  }

  void bandedConvolutionIsTheWholeConvolution() {
    QFETCH(int, stride);
    QFETCH(int, padding);
    QFETCH(int, kernel);
    QFETCH(int, bands);
    c10::InferenceMode guard;
    const auto x = at::randn({2, 6, 19, 13});
    const auto w = at::randn({5, 6, kernel, kernel});
    const auto b = at::randn({5});
    const auto whole = at::conv2d(x, w, b, {stride, stride}, {padding, padding});
    int polls = 0;
    at::Tensor banded;
    {
      InterruptionScope scope([&](double) { ++polls; });
      banded = conv2dInRowBands(x, w, b, stride, padding, bands);
    }
    QCOMPARE(banded.sizes(), whole.sizes());
    QVERIFY2(at::allclose(banded, whole, 1e-5, 1e-5), "bands differ from the whole convolution");
    QVERIFY(polls >= 2);  // a point before every band
    QVERIFY(polls <= bands);
  }

  void onlyBigCpuConvolutionsAreBanded() {
    c10::InferenceMode guard;
    // The decoder's 512-channel convolution at 256² (309 GFLOP) splits into
    // bands of at most ~8 GFLOP; a tiny-model convolution runs whole.
    const auto big = at::empty({1, 512, 256, 256}), bigWeight = at::empty({512, 512, 3, 3});
    QVERIFY(convRowBands(big, bigWeight, 1) >= 38);
    QCOMPARE(convRowBands(at::empty({2, 32, 8, 8}), at::empty({32, 32, 3, 3}), 1), int64_t(1));
  }
};

QTEST_GUILESS_MAIN(TestInterruption)
#include "test_interruption.moc"
