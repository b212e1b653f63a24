#include "ui/gallery_delegate.h"

#include <QApplication>
#include <QPainter>

#include "ui/model/gallery_model.h"

namespace sd::ui {

namespace {
constexpr int kPad = 6;
constexpr int kCaption = 16;
}  // namespace

QString GalleryDelegate::formatMargin(double margin) {
  return QObject::tr("margin %1%2").arg(margin >= 0 ? "+" : "").arg(margin * 100, 0, 'f', 0) + "%";
}

GalleryDelegate::GalleryDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

BarStyle GalleryDelegate::thumbnailBarStyle() {
  BarStyle style;
  style.rowHeight = 13;
  style.spacing = 2;
  style.percentWidth = 30;
  style.labelFraction = 0.5;
  return style;
}

QVector<BarRow> GalleryDelegate::barsOf(const QModelIndex& index) {
  const QStringList prompts = index.data(GalleryModel::PromptSetRole).toStringList();
  const QVariantList probs = index.data(GalleryModel::ProbabilitiesRole).toList();
  const int own = index.data(GalleryModel::OwnIndexRole).toInt();
  QVector<BarRow> rows;
  if (probs.size() != prompts.size()) return rows;
  const QStringList labels = ProbabilityBars::distinctiveLabels(prompts);
  for (int i = 0; i < prompts.size(); ++i) rows.push_back({labels[i], probs[i].toDouble(), i == own});
  return rows;
}

int GalleryDelegate::cellHeight(int bars) {
  return kThumb + 2 * kPad + kCaption + ProbabilityBars::heightFor(bars, thumbnailBarStyle()) + (bars ? kPad : 0);
}

QSize GalleryDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex& index) const {
  return {kThumb + 2 * kPad, cellHeight(index.data(GalleryModel::PromptSetRole).toStringList().size())};
}

void GalleryDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
  painter->save();
  const QRect r = option.rect;
  const bool selected = option.state & QStyle::State_Selected;
  const QPalette& pal = option.palette;
  painter->fillRect(r.adjusted(1, 1, -1, -1), selected ? pal.color(QPalette::Highlight).lighter(170) : pal.color(QPalette::Base));
  if (selected) {
    painter->setPen(QPen(pal.color(QPalette::Highlight), 2));
    painter->drawRect(r.adjusted(1, 1, -2, -2));
  }
  const QImage thumb = index.data(GalleryModel::ThumbnailRole).value<QImage>();
  const QRect thumbArea(r.left() + kPad, r.top() + kPad, kThumb, kThumb);
  if (!thumb.isNull()) {
    const QSize size = thumb.size().scaled(thumbArea.size(), Qt::KeepAspectRatio);
    const QRect target(thumbArea.left() + (kThumb - size.width()) / 2, thumbArea.top() + (kThumb - size.height()) / 2,
                       size.width(), size.height());
    painter->setRenderHint(QPainter::SmoothPixmapTransform, true);
    painter->drawImage(target, thumb);
  }
  const QVector<BarRow> bars = barsOf(index);
  paintCaption(painter, QRect(r.left() + kPad, thumbArea.bottom() + 2, kThumb, kCaption), index, bars.size());
  if (!bars.isEmpty()) {
    const QRectF barsRect(r.left() + kPad, thumbArea.bottom() + 2 + kCaption + 2, kThumb,
                          ProbabilityBars::heightFor(bars.size(), thumbnailBarStyle()));
    BarStyle style = thumbnailBarStyle();
    style.font = option.font;
    ProbabilityBars::paint(*painter, barsRect, bars, style);
  }
  painter->restore();
}

void GalleryDelegate::paintCaption(QPainter* painter, const QRect& rect, const QModelIndex& index, int bars) const {
  QFont font = painter->font();
  font.setPixelSize(11);
  painter->setFont(font);
  painter->setPen(QApplication::palette().color(QPalette::Text));
  QString text = index.data(GalleryModel::CaptionRole).toString();
  if (bars == 0)
    text += index.data(GalleryModel::PromptSetRole).toStringList().size() == 1
                ? QObject::tr(" · one prompt: nothing to compare yet")
                : QObject::tr(" · no CLIP scores");
  // The number the Margin sort orders by, where there is one, right-aligned.
  QRect left = rect;
  const double margin = index.data(GalleryModel::MarginRole).toDouble();
  if (margin > -2 && bars > 1) {
    const QString m = formatMargin(margin);
    painter->drawText(rect, Qt::AlignRight | Qt::AlignVCenter, m);
    left.setRight(rect.right() - painter->fontMetrics().horizontalAdvance(m) - 6);
  }
  painter->drawText(left, Qt::AlignLeft | Qt::AlignVCenter, painter->fontMetrics().elidedText(text, Qt::ElideRight, left.width()));
}

}  // namespace sd::ui
