#include "ui/widgets/comparison_grid.h"

#include <QPainter>
#include <algorithm>

#include "ui/gallery_delegate.h"
#include "ui/model/gallery_model.h"
#include "ui/painting/probability_bars.h"

namespace sd::ui {

namespace {
constexpr int kSeedColumn = 64;
constexpr int kHeader = 44;
constexpr int kPad = 6;
}  // namespace

ComparisonGrid::ComparisonGrid(QWidget* parent) : QWidget(parent) { setObjectName("comparisonGrid"); }

void ComparisonGrid::setModel(GalleryModel* model) {
  m_model = model;
  connect(model, &QAbstractItemModel::rowsInserted, this, &ComparisonGrid::rebuild);
  connect(model, &QAbstractItemModel::rowsRemoved, this, &ComparisonGrid::rebuild);
  connect(model, &QAbstractItemModel::modelReset, this, &ComparisonGrid::rebuild);
  connect(model, &QAbstractItemModel::dataChanged, this, &ComparisonGrid::rebuild);
  connect(model, &GalleryModel::filterChanged, this, &ComparisonGrid::rebuild);
  rebuild();
}

void ComparisonGrid::rebuild() {
  m_cells.clear();
  m_seeds.clear();
  m_prompts.clear();
  if (m_model && m_model->rowCount() > 0)
    m_prompts = m_model->index(0).data(GalleryModel::PromptSetRole).toStringList();
  for (int row = 0; m_model && row < m_model->rowCount(); ++row) {
    const int column = m_model->ownIndex(row);
    if (column < 0 || !m_model->accepts(row)) continue;
    const quint64 seed = m_model->item(row).seed;
    if (!m_seeds.contains(seed)) m_seeds << seed;
  }
  std::sort(m_seeds.begin(), m_seeds.end());
  for (int row = 0; m_model && row < m_model->rowCount(); ++row) {
    const int column = m_model->ownIndex(row);
    if (column >= 0 && m_model->accepts(row)) m_cells[{int(m_seeds.indexOf(m_model->item(row).seed)), column}] = row;  // latest wins
  }
  refit();  // another number of prompts: another cell size
  updateGeometry();
  resize(sizeHint());
  update();
}

void ComparisonGrid::fitWidth(int width) {
  m_fitWidth = width;
  const int before = m_cell;
  refit();
  if (m_cell == before) return;
  updateGeometry();
  resize(sizeHint());
  update();
}

void ComparisonGrid::refit() {
  if (m_fitWidth <= 0) return;
  const int columns = std::max(1, std::min(kColumnsToShow, int(m_prompts.size())));
  m_cell = std::clamp((m_fitWidth - kSeedColumn - kPad) / columns - kPad, kMinCell, kCell);
}

int ComparisonGrid::rowAt(int seedIndex, int promptIndex) const { return m_cells.value({seedIndex, promptIndex}, -1); }

int ComparisonGrid::cellHeight() const {
  return m_cell + kPad + ProbabilityBars::heightFor(m_prompts.size(), GalleryDelegate::thumbnailBarStyle()) + kPad;
}

QSize ComparisonGrid::sizeHint() const {
  return {kSeedColumn + int(m_prompts.size()) * (m_cell + kPad) + kPad, kHeader + int(m_seeds.size()) * cellHeight() + kPad};
}

void ComparisonGrid::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().color(QPalette::Base));
  if (m_seeds.isEmpty()) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                     tr("Render the comparison set: each prompt at the same seeds, one row per seed."));
    return;
  }
  paintHeader(painter);
  for (int s = 0; s < m_seeds.size(); ++s) {
    const int top = kHeader + s * cellHeight();
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRect(kPad, top, kSeedColumn - 2 * kPad, m_cell), Qt::AlignVCenter | Qt::AlignLeft,
                     tr("seed\n%1").arg(m_seeds[s]));
    for (int p = 0; p < m_prompts.size(); ++p) {
      const QRect cell(kSeedColumn + p * (m_cell + kPad), top, m_cell, cellHeight() - kPad);
      paintCell(painter, cell, rowAt(s, p), p);
    }
  }
}

void ComparisonGrid::paintHeader(QPainter& painter) const {
  QFont font = painter.font();
  font.setBold(true);
  painter.setFont(font);
  painter.setPen(palette().color(QPalette::Text));
  for (int p = 0; p < m_prompts.size(); ++p) {
    const QRect r(kSeedColumn + p * (m_cell + kPad), 2, m_cell, kHeader - 4);
    painter.drawText(r, Qt::AlignBottom | Qt::AlignLeft | Qt::TextWordWrap,
                     painter.fontMetrics().elidedText(m_prompts[p], Qt::ElideRight, m_cell * 2 - 10));
  }
  font.setBold(false);
  painter.setFont(font);
}

void ComparisonGrid::paintCell(QPainter& painter, const QRect& rect, int galleryRow, int promptIndex) const {
  const QRect thumbRect(rect.left(), rect.top(), m_cell, m_cell);
  painter.fillRect(thumbRect, palette().color(QPalette::AlternateBase));
  if (galleryRow < 0) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(thumbRect, Qt::AlignCenter, tr("not rendered"));
    return;
  }
  const QModelIndex index = m_model->index(galleryRow);
  const QImage thumb = index.data(GalleryModel::ThumbnailRole).value<QImage>();
  painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
  const QSize size = thumb.size().scaled(thumbRect.size(), Qt::KeepAspectRatio);
  painter.drawImage(QRect(thumbRect.left() + (m_cell - size.width()) / 2, thumbRect.top() + (m_cell - size.height()) / 2,
                          size.width(), size.height()),
                    thumb);
  BarStyle style = GalleryDelegate::thumbnailBarStyle();
  style.font = font();
  const QRectF bars(rect.left(), thumbRect.bottom() + kPad, m_cell, ProbabilityBars::heightFor(m_prompts.size(), style));
  ProbabilityBars::paint(painter, bars, GalleryDelegate::barsOf(index), style);
}

}  // namespace sd::ui
