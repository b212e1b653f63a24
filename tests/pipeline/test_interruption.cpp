// A cancel lands inside a step, between the model's layers (at full size on a
// CPU a step takes a minute), and a slow step reports its progress as it
// goes. Checked on the tiny model, counting the polls instead of timing.
#include <QtTest>

#include <memory>
#include <vector>

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
  r.scheduler = "euler";
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
};

QTEST_GUILESS_MAIN(TestInterruption)
#include "test_interruption.moc"
