#pragma once
// CLIP probability bars: one row per prompt of the comparison set, the
// generating prompt highlighted. The gallery delegate, the comparison grid
// and exported contact sheets all paint through this one routine, so screen
// and export agree.
#include <QColor>
#include <QFont>
#include <QRectF>
#include <QString>
#include <QVector>

class QPainter;

namespace sd::ui {

struct BarRow {
  QString label;
  double probability = 0;  // 0…1
  bool highlighted = false;  // the prompt that generated the image
};

struct BarStyle {
  int rowHeight = 14;
  int spacing = 2;
  QFont font;
  QColor track{226, 229, 234};
  QColor fill{138, 148, 164};
  QColor highlightFill{232, 118, 34};
  QColor text{40, 44, 52};
  bool showLabels = true;   // prompt text left of the bar
  bool showPercent = true;  // "42%" right of the bar
  double labelFraction = 0.42;
  int percentWidth = 34;
};

class ProbabilityBars {
 public:
  static int heightFor(int rows, const BarStyle& style = {});
  // The bar (track) rectangle of row `index` inside `rect`: where fill starts.
  static QRectF barRect(const QRectF& rect, int index, const BarStyle& style = {});
  static void paint(QPainter& painter, const QRectF& rect, const QVector<BarRow>& rows, const BarStyle& style = {});
  // Short labels that tell similar prompts apart in a narrow bar: words a
  // prompt shares at its start with another prompt of the set (two or more)
  // are replaced by "…" ("a lighthouse at night" → "…night").
  static QStringList distinctiveLabels(const QStringList& prompts);

 private:
  static void paintRow(QPainter& painter, const QRectF& rowRect, const BarRow& row, const BarStyle& style);
};

}  // namespace sd::ui
