#include "ui/widgets/confusion_heat_map.h"

#include <QPainter>
#include <algorithm>

namespace sd::ui {

namespace {
constexpr int kLabelWidth = 200;
constexpr int kHeader = 22;
}  // namespace

ConfusionHeatMap::ConfusionHeatMap(QWidget* parent) : QWidget(parent) {
  setObjectName("confusionHeatMap");
  setMinimumSize(240, 120);
  setToolTip(tr("Rows: the prompt an image was generated from. Columns: CLIP's mean probability for each prompt. "
                "A bright diagonal means CLIP tells the prompts apart."));
}

void ConfusionHeatMap::setMatrix(const ConfusionMatrix& matrix) {
  m_matrix = matrix;
  updateGeometry();
  update();
}

// White (0) to a saturated orange (1), the highlight colour of the bars.
QColor ConfusionHeatMap::colorFor(double p) {
  p = std::clamp(p, 0.0, 1.0);
  const QColor hi(232, 118, 34);
  return QColor(int(255 + (hi.red() - 255) * p), int(255 + (hi.green() - 255) * p), int(255 + (hi.blue() - 255) * p));
}

int ConfusionHeatMap::cellSize() const {
  const int n = std::max(1, int(m_matrix.prompts.size()));
  const int byWidth = (width() - kLabelWidth - 8) / n;
  const int byHeight = (height() - kHeader - 8) / n;
  return std::clamp(std::min(byWidth, byHeight), 24, 90);
}

QRect ConfusionHeatMap::cellRect(int row, int column) const {
  const int c = cellSize();
  return {kLabelWidth + column * c, kHeader + row * c, c, c};
}

QSize ConfusionHeatMap::sizeHint() const {
  const int n = std::max(2, int(m_matrix.prompts.size()));
  return {kLabelWidth + n * 56 + 8, kHeader + n * 56 + 8};
}

void ConfusionHeatMap::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().color(QPalette::Base));
  const int n = m_matrix.prompts.size();
  painter.setPen(palette().color(QPalette::Text));
  if (n == 0 || m_matrix.images == 0) {
    painter.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                     tr("The confusion matrix appears once images of the comparison set are scored by CLIP."));
    return;
  }
  QFont small = painter.font();
  small.setPixelSize(11);
  painter.setFont(small);
  for (int c = 0; c < n; ++c)
    painter.drawText(QRect(cellRect(0, c).left(), 2, cellSize(), kHeader - 4), Qt::AlignCenter, QString::number(c + 1));
  for (int r = 0; r < n; ++r) {
    const QRect label(4, cellRect(r, 0).top(), kLabelWidth - 10, cellSize());
    const QString text = QStringLiteral("%1. %2").arg(r + 1).arg(m_matrix.prompts[r]);
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(label, Qt::AlignVCenter | Qt::AlignRight,
                     painter.fontMetrics().elidedText(text, Qt::ElideRight, label.width()));
    for (int c = 0; c < n; ++c) {
      const QRect cell = cellRect(r, c).adjusted(1, 1, -1, -1);
      const bool empty = m_matrix.imagesPerRow[r] == 0;
      painter.fillRect(cell, empty ? palette().color(QPalette::AlternateBase) : colorFor(m_matrix.mean[r][c]));
      if (r == c) painter.setPen(QPen(QColor(40, 44, 52), 1.5)), painter.drawRect(cell.adjusted(0, 0, -1, -1));
      painter.setPen(m_matrix.mean[r][c] > 0.6 ? Qt::white : QColor(40, 44, 52));
      if (!empty) painter.drawText(cell, Qt::AlignCenter, QString::number(m_matrix.mean[r][c] * 100, 'f', 0) + '%');
    }
  }
}

}  // namespace sd::ui
