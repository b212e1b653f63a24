// The details pane's two insight views (issue 12): the word bars and the
// trajectory chart paint what they are given, say it in tooltips, and show a
// grey hint when an image has no insight. Offscreen, no models.
#include <QtTest>

#include "ui/panels/gallery_panel.h"
#include "ui/panels/settings_panel.h"
#include "ui/painting/probability_bars.h"
#include "ui/widgets/insight_pane.h"
#include "ui/widgets/trajectory_chart.h"
#include "ui/widgets/word_influence_view.h"

using namespace sd;
using namespace sd::ui;

namespace {
// "a red (old:1.2) house": the own prompt at 60 %; without "red" 30 % (it
// supports the prompt), without "(old:1.2)" 70 % (the image matches better
// without it), without "house" 59 %.
PromptExplanation explanation() {
  PromptExplanation e;
  e.probability = 0.6;
  e.logit = 30.0;
  e.units = {{"a", 0, 1, 0.6, 30.0},
             {"red", 2, 5, 0.3, 28.5},
             {"(old:1.2)", 6, 15, 0.7, 30.4},
             {"house", 16, 21, 0.59, 29.9}};
  return e;
}

ScoreTrajectory trajectory() {
  ScoreTrajectory t;
  t.decoder = "approximation";
  t.steps = {5, 10, 12};
  t.probabilities = {{0.5, 0.5}, {0.7, 0.3}, {0.9, 0.1}};
  t.prompts = {"a red house", "a blue boat"};
  return t;
}
}  // namespace

class TestInsightViews : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void wordBarsFollowTheInfluence() {
    WordInfluenceView view;
    view.resize(400, 80);
    view.setExplanation(explanation());
    QVERIFY(!view.showsHint());
    QCOMPARE(view.unitCount(), 4);
    QVERIFY(std::abs(view.influence(1) - 0.3) < 1e-9);
    QVERIFY(std::abs(view.influence(2) + 0.1) < 1e-9);
    QVERIFY(std::abs(view.scoreChange(1) - 1.5) < 1e-9);
    // Words in prompt order on one line; "red" the largest bar, up; "(old:1.2)" down.
    QVERIFY(view.wordRect(0).right() < view.wordRect(1).left());
    QVERIFY(view.wordRect(2).right() < view.wordRect(3).left());
    QCOMPARE(view.barRect(0).height(), 0.0);
    const QRectF red = view.barRect(1), old = view.barRect(2);
    QVERIFY(red.height() > old.height() && old.height() > 0);
    QVERIFY(red.bottom() <= old.top() + 1e-9);  // up from the midline vs down from it
    QCOMPARE(view.unitAt(view.wordRect(1).center()), 1);
    QCOMPARE(view.unitAt(red.center()), 1);
    QCOMPARE(view.unitAt(QPointF(399, 79)), -1);
    QImage image(view.size(), QImage::Format_ARGB32);
    view.render(&image);  // paints without a hint and without crashing
    QCOMPARE(image.pixelColor(red.center().toPoint()), BarStyle().highlightFill);
  }

  void wordTooltipsGiveTheRawChanges() {
    WordInfluenceView view;
    view.resize(400, 80);
    view.setExplanation(explanation());
    const QString red = view.toolTipFor(1);
    QVERIFY2(red.contains("60.0% → 30.0%") && red.contains("−30.0 points") && red.contains("supports"),
             qPrintable(red));
    QVERIFY2(red.contains("30.00 → 28.50"), qPrintable(red));
    const QString old = view.toolTipFor(2);
    QVERIFY2(old.contains("+10.0 points") && old.contains("better without it"), qPrintable(old));
  }

  void wordsWrapInANarrowView() {
    WordInfluenceView view;
    view.setExplanation(explanation());
    view.resize(60, 200);
    QVERIFY(view.wordRect(3).top() > view.wordRect(0).top());
    QVERIFY(view.heightForWidth(60) > view.heightForWidth(600));
  }

  void emptyExplanationShowsTheHint() {
    WordInfluenceView view;
    view.setExplanation({});
    QVERIFY(view.showsHint());
    QVERIFY(view.hint().contains("CLIP"));
    QCOMPARE(view.unitAt(QPointF(5, 5)), -1);
  }

  void chartPlotsOneLinePerPrompt() {
    TrajectoryChart chart;
    chart.resize(320, 170);
    chart.setTrajectory(trajectory(), {"a red house", "a blue boat"}, 0);
    QVERIFY(!chart.showsHint());
    QCOMPARE(chart.seriesCount(), 2);
    QCOMPARE(chart.pointCount(), 3);
    const QRectF plot = chart.plotRect();
    // x = step (12 at the right edge), y = probability (1 at the top).
    QVERIFY(std::abs(chart.pointAt(0, 2).x() - plot.right()) < 1e-6);
    QVERIFY(std::abs(chart.pointAt(0, 0).x() - (plot.left() + plot.width() * 5 / 12)) < 1e-6);
    QVERIFY(std::abs(chart.pointAt(0, 2).y() - (plot.bottom() - 0.9 * plot.height())) < 1e-6);
    QVERIFY(chart.pointAt(0, 2).y() < chart.pointAt(1, 2).y());
    // The own prompt in the gallery bars' highlight, the other in their grey.
    QCOMPARE(chart.penFor(0).color(), BarStyle().highlightFill);
    QCOMPARE(chart.penFor(1).color(), BarStyle().fill.darker(115));
    QVERIFY(chart.legendRect(1).top() >= plot.bottom());
    QVERIFY(chart.rect().contains(chart.legendRect(1).toAlignedRect()));
    QCOMPARE(chart.labelFor(1), ProbabilityBars::distinctiveLabels({"a red house", "a blue boat"})[1]);
    QImage image(chart.size(), QImage::Format_ARGB32);
    chart.render(&image);
  }

  void chartTooltipNamesTheNearestStep() {
    TrajectoryChart chart;
    chart.resize(320, 170);
    chart.setTrajectory(trajectory(), {"a red house", "a blue boat"}, 0);
    QCOMPARE(chart.stepIndexAt(chart.pointAt(0, 1) + QPointF(2, 0)), 1);
    const QString tip = chart.toolTipAt(chart.pointAt(0, 1));
    QVERIFY2(tip.contains("Step 10") && tip.contains("70.0%") && tip.contains("30.0%") && tip.contains("own prompt"),
             qPrintable(tip));
    QCOMPARE(chart.stepIndexAt(QPointF(1, 1)), -1);
  }

  void chartLabelsPromptsWhenTheSetDiffers() {
    TrajectoryChart chart;
    chart.setTrajectory(trajectory(), {"only one"}, -1);
    QCOMPARE(chart.labelFor(1), QString("prompt 2"));
  }

  void emptyTrajectoryShowsTheHint() {
    TrajectoryChart chart;
    chart.setTrajectory({}, {}, -1);
    QVERIFY(chart.showsHint());
    QVERIFY(chart.hint().contains("CLIP"));
    QVERIFY(chart.toolTipAt(QPointF(50, 50)).isEmpty());
  }

  void paneShowsAnItemsInsight() {
    InsightPane pane;
    pane.resize(360, 320);
    GalleryItem item;
    item.prompt = "a red house";
    pane.showItem(&item);
    QVERIFY(pane.words()->showsHint() && pane.trajectory()->showsHint());
    item.explanation = explanation();
    item.trajectory = trajectory();
    pane.showItem(&item);
    QCOMPARE(pane.words()->unitCount(), 4);
    QCOMPARE(pane.trajectory()->pointCount(), 3);
    QCOMPARE(pane.trajectory()->penFor(0).color(), BarStyle().highlightFill);  // own prompt found in its set
    pane.showItem(nullptr);
    QVERIFY(pane.words()->showsHint());
  }

  void trajectoryDefaultsToEveryFifthStepApproximated() {
    SettingsPanel panel;
    GenerationRequest r;
    r.trajectoryEvery = 0;
    panel.applyTo(r);
    QCOMPARE(r.trajectoryEvery, 5);
    QVERIFY(r.trajectoryDecoder == EstimateDecoder::Approximation);
  }

  void galleryHasAnInsightTab() {
    GalleryPanel panel;
    QVERIFY(panel.insightPane() != nullptr);
    QVERIFY(panel.insightPane()->words()->showsHint());
  }
};

QTEST_MAIN(TestInsightViews)
#include "test_insight_views.moc"
