// The pure score maths the gallery re-runs whenever the prompt set changes:
// logits = scale · cos, probabilities = softmax(logits / T) per image.
#include <QtTest>

#include <cmath>

#include "core/clip/clip_scores.h"
#include "core/util/error.h"

using namespace sd;

namespace {

ClipEmbedding unit(std::vector<float> v) {
  double n = 0;
  for (float x : v) n += double(x) * x;
  for (float& x : v) x = static_cast<float>(x / std::sqrt(n));
  return v;
}

}  // namespace

class TestClipScores : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void logitsAreScaledCosines() {
    const auto s = clipScores({unit({1, 0, 0})}, {unit({1, 0, 0}), unit({1, 1, 0}), unit({0, 0, 1})}, 100.0f);
    QCOMPARE(s.logits.size(), std::size_t(1));
    QCOMPARE(s.logits[0][0], 100.0f);
    QVERIFY(std::abs(s.logits[0][1] - 100.0f / std::sqrt(2.0f)) < 1e-4f);
    QCOMPARE(s.logits[0][2], 0.0f);
    // softmax(logits / 10)
    const double e0 = std::exp(10.0), e1 = std::exp(10.0 / std::sqrt(2.0)), e2 = 1.0, sum = e0 + e1 + e2;
    QVERIFY(std::abs(s.probabilities[0][0] - e0 / sum) < 1e-6);
    QVERIFY(std::abs(s.probabilities[0][1] - e1 / sum) < 1e-6);
    QVERIFY(std::abs(s.probabilities[0][2] - e2 / sum) < 1e-6);
  }

  void temperatureSharpens() {
    const std::vector<ClipEmbedding> images{unit({1, 0.2f})}, texts{unit({1, 0}), unit({0, 1})};
    const auto soft = clipScores(images, texts, 100.0f, 10.0f);
    const auto sharp = clipScores(images, texts, 100.0f, 1.0f);
    QVERIFY(sharp.probabilities[0][0] > soft.probabilities[0][0]);
    QVERIFY(std::abs(sharp.probabilities[0][0] + sharp.probabilities[0][1] - 1.0f) < 1e-6f);
    QCOMPARE(sharp.logits, soft.logits);  // the temperature only touches the softmax
  }

  void singlePromptIsCertain() {
    const auto s = clipScores({unit({1, 2}), unit({-3, 1})}, {unit({0, 1})}, 100.0f);
    QCOMPARE(s.probabilities, (std::vector<std::vector<float>>{{1.0f}, {1.0f}}));
  }

  void emptySetsGiveEmptyRows() {
    const auto noPrompts = clipScores({unit({1, 0}), unit({0, 1})}, {}, 100.0f);
    QCOMPARE(noPrompts.logits.size(), std::size_t(2));
    QVERIFY(noPrompts.logits[0].empty() && noPrompts.probabilities[1].empty());
    const auto noImages = clipScores({}, {unit({1, 0})}, 100.0f);
    QVERIFY(noImages.logits.empty() && noImages.probabilities.empty());
    QVERIFY(softmaxWithTemperature({}, 10.0f).empty());
  }

  void largeLogitsStayFinite() {
    const auto p = softmaxWithTemperature({1e30f, 0.0f, -1e30f}, 1.0f);
    QCOMPARE(p, (std::vector<float>{1.0f, 0.0f, 0.0f}));
  }

  void badInputsThrow() {
    QVERIFY_THROWS_EXCEPTION(Error, clipScores({unit({1, 0})}, {unit({1, 0, 0})}, 100.0f));
    QVERIFY_THROWS_EXCEPTION(Error, clipScores({unit({1, 0})}, {unit({1, 0})}, 100.0f, 0.0f));
    QVERIFY_THROWS_EXCEPTION(Error, clipScores({unit({1, 0})}, {unit({1, 0})}, 100.0f, -1.0f));
    QVERIFY_THROWS_EXCEPTION(Error, softmaxWithTemperature({1.0f}, std::nanf("")));
    QVERIFY_THROWS_EXCEPTION(Error, clipScores({unit({1, 0})}, {unit({1, 0})}, INFINITY));
  }
};

QTEST_GUILESS_MAIN(TestClipScores)
#include "test_clip_scores.moc"
