#pragma once
// Paints one gallery item: the thumbnail, then one CLIP probability bar per
// prompt of the comparison set (ProbabilityBars, as in exports), the
// generating prompt highlighted.
#include <QStyledItemDelegate>

#include "ui/painting/probability_bars.h"

namespace sd::ui {

class GalleryDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  static constexpr int kThumb = 168;

  explicit GalleryDelegate(QObject* parent = nullptr);
  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

  // The bars of a gallery index, as painted.
  static QVector<BarRow> barsOf(const QModelIndex& index);
  static BarStyle thumbnailBarStyle();
  // A cell's height with `bars` probability bars under its thumbnail.
  static int cellHeight(int bars);
  // "margin +12%": own prompt's probability minus the best other's, in points.
  static QString formatMargin(double margin);

 private:
  void paintCaption(QPainter* painter, const QRect& rect, const QModelIndex& index, int bars) const;
};

}  // namespace sd::ui
