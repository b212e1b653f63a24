// The bars are painted by one routine for screen and export: render it into
// a QImage and check the pixels.
#include <QImage>
#include <QPainter>
#include <QtTest>

#include "ui/painting/probability_bars.h"

using sd::ui::BarRow;
using sd::ui::BarStyle;
using sd::ui::ProbabilityBars;

class TestProbabilityBars : public QObject {
  Q_OBJECT

  static QImage render(const QVector<BarRow>& rows, const BarStyle& style, QRectF* area) {
    QImage image(300, ProbabilityBars::heightFor(rows.size(), style) + 20, QImage::Format_RGB32);
    image.fill(Qt::white);
    *area = QRectF(10, 10, 280, ProbabilityBars::heightFor(rows.size(), style));
    QPainter painter(&image);
    ProbabilityBars::paint(painter, *area, rows, style);
    return image;
  }

  static QColor at(const QImage& image, double x, double y) { return image.pixelColor(int(x), int(y)); }

 private Q_SLOTS:
  void heightGrowsWithRows() {
    BarStyle style;
    QCOMPARE(ProbabilityBars::heightFor(0, style), 0);
    QCOMPARE(ProbabilityBars::heightFor(1, style), style.rowHeight);
    QCOMPARE(ProbabilityBars::heightFor(3, style), 3 * style.rowHeight + 2 * style.spacing);
  }

  void fillIsProportionalToProbability_data() {
    QTest::addColumn<double>("probability");
    QTest::newRow("0%") << 0.0;
    QTest::newRow("25%") << 0.25;
    QTest::newRow("50%") << 0.5;
    QTest::newRow("90%") << 0.9;
    QTest::newRow("100%") << 1.0;
  }
  void fillIsProportionalToProbability() {
    QFETCH(double, probability);
    BarStyle style;
    QRectF area;
    const QImage image = render({{"a cat", probability, false}}, style, &area);
    const QRectF bar = ProbabilityBars::barRect(area, 0, style);
    const double y = bar.center().y();
    // Just inside the fill end is fill colour, just past it track colour.
    const double end = bar.left() + bar.width() * probability;
    if (probability > 0.05) QCOMPARE(at(image, end - 2, y), style.fill);
    if (probability < 0.95) QCOMPARE(at(image, end + 2, y), style.track);
  }

  void ownPromptIsHighlighted() {
    BarStyle style;
    QRectF area;
    const QImage image = render({{"a cat", 0.7, true}, {"a dog", 0.3, false}}, style, &area);
    const QRectF own = ProbabilityBars::barRect(area, 0, style);
    const QRectF other = ProbabilityBars::barRect(area, 1, style);
    QCOMPARE(at(image, own.left() + 3, own.center().y()), style.highlightFill);
    QCOMPARE(at(image, other.left() + 3, other.center().y()), style.fill);
    QVERIFY(other.top() >= own.bottom());
  }

  void labelsAndPercentagesAreDrawn() {
    BarStyle style;
    QRectF area;
    const QImage image = render({{"a very long prompt that must be elided", 0.42, false}}, style, &area);
    auto hasDarkPixel = [&](double left, double right) {
      for (int x = int(left); x < int(right); ++x)
        for (int y = int(area.top()); y < int(area.bottom()); ++y)
          if (image.pixelColor(x, y).lightness() < 128) return true;
      return false;
    };
    const QRectF bar = ProbabilityBars::barRect(area, 0, style);
    QVERIFY(hasDarkPixel(area.left(), bar.left() - 2));     // label
    QVERIFY(hasDarkPixel(bar.right() + 2, area.right()));   // "42%"
  }

  void withoutLabelsTheBarSpansTheRect() {
    BarStyle style;
    style.showLabels = false;
    style.showPercent = false;
    QRectF area;
    const QImage image = render({{"x", 1.0, false}}, style, &area);
    const QRectF bar = ProbabilityBars::barRect(area, 0, style);
    QCOMPARE(bar.left(), area.left());
    QCOMPARE(at(image, area.left() + 1, bar.center().y()), style.fill);
    QCOMPARE(at(image, area.right() - 2, bar.center().y()), style.fill);
  }

  void labelsTellSimilarPromptsApart() {
    const QStringList labels = ProbabilityBars::distinctiveLabels(
        {"a lighthouse on a cliff at sunset", "a lighthouse on a cliff at night", "a red apple", "a cat"});
    QCOMPARE(labels, QStringList({"…sunset", "…night", "a red apple", "a cat"}));
    QCOMPARE(ProbabilityBars::distinctiveLabels({"same words", "same words"}), QStringList({"same words", "same words"}));
  }

  void outOfRangeValuesAreClamped() {
    BarStyle style;
    QRectF area;
    const QImage image = render({{"x", 1.7, false}, {"y", -0.5, false}}, style, &area);
    const QRectF first = ProbabilityBars::barRect(area, 0, style);
    const QRectF second = ProbabilityBars::barRect(area, 1, style);
    QCOMPARE(at(image, first.right() - 2, first.center().y()), style.fill);
    QCOMPARE(at(image, second.left() + 2, second.center().y()), style.track);
  }
};

QTEST_MAIN(TestProbabilityBars)
#include "test_probability_bars.moc"
