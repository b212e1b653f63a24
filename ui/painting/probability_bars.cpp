#include "ui/painting/probability_bars.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>

namespace sd::ui {

namespace {
QRectF rowRect(const QRectF& rect, int index, const BarStyle& style) {
  const double top = rect.top() + index * (style.rowHeight + style.spacing);
  return {rect.left(), top, rect.width(), double(style.rowHeight)};
}

QRectF trackOf(const QRectF& row, const BarStyle& style) {
  double left = row.left();
  double right = row.right();
  if (style.showLabels) left += row.width() * style.labelFraction + 4;
  if (style.showPercent) right -= style.percentWidth + 3;
  const double inset = std::max(1.0, row.height() * 0.18);
  return QRectF(QPointF(left, row.top() + inset), QPointF(std::max(left + 1, right), row.bottom() - inset));
}
}  // namespace

int ProbabilityBars::heightFor(int rows, const BarStyle& style) {
  if (rows <= 0) return 0;
  return rows * style.rowHeight + (rows - 1) * style.spacing;
}

QRectF ProbabilityBars::barRect(const QRectF& rect, int index, const BarStyle& style) {
  return trackOf(rowRect(rect, index, style), style);
}

void ProbabilityBars::paint(QPainter& painter, const QRectF& rect, const QVector<BarRow>& rows,
                            const BarStyle& style) {
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing, false);
  painter.setClipRect(rect);
  QFont font = style.font;
  font.setPixelSize(std::max(7, int(style.rowHeight * 0.72)));
  painter.setFont(font);
  for (int i = 0; i < rows.size(); ++i) {
    const QRectF r = rowRect(rect, i, style);
    if (r.top() >= rect.bottom()) break;
    paintRow(painter, r, rows[i], style);
  }
  painter.restore();
}

QStringList ProbabilityBars::distinctiveLabels(const QStringList& prompts) {
  QVector<QStringList> words;
  for (const QString& p : prompts) words << p.split(' ', Qt::SkipEmptyParts);
  QStringList labels;
  for (int i = 0; i < words.size(); ++i) {
    int shared = 0;
    for (int j = 0; j < words.size(); ++j) {
      if (i == j) continue;
      int c = 0;
      while (c < words[i].size() && c < words[j].size() && words[i][c] == words[j][c]) ++c;
      shared = std::max(shared, c);
    }
    if (shared >= 2 && shared < words[i].size())
      labels << QStringLiteral("…") + words[i].mid(shared).join(' ');
    else
      labels << prompts[i];
  }
  return labels;
}

void ProbabilityBars::paintRow(QPainter& painter, const QRectF& row, const BarRow& bar, const BarStyle& style) {
  const QRectF track = trackOf(row, style);
  const double p = std::clamp(bar.probability, 0.0, 1.0);
  painter.fillRect(track, style.track);
  QRectF filled = track;
  filled.setWidth(track.width() * p);
  painter.fillRect(filled, bar.highlighted ? style.highlightFill : style.fill);

  QFont font = painter.font();
  font.setBold(bar.highlighted);
  painter.setFont(font);
  painter.setPen(style.text);
  if (style.showLabels) {
    const QRectF labelRect(row.left(), row.top(), row.width() * style.labelFraction, row.height());
    const QString text = QFontMetricsF(font).elidedText(bar.label, Qt::ElideRight, labelRect.width());
    painter.drawText(labelRect, Qt::AlignVCenter | Qt::AlignLeft, text);
  }
  if (style.showPercent) {
    const QRectF pctRect(row.right() - style.percentWidth, row.top(), style.percentWidth, row.height());
    painter.drawText(pctRect, Qt::AlignVCenter | Qt::AlignRight, QString::number(p * 100.0, 'f', 0) + '%');
  }
}

}  // namespace sd::ui
