#pragma once
// The gallery grid's view of the model: sorted as the panel says, and only
// the rows the gallery filter keeps (GalleryModel::accepts).
#include <QSortFilterProxyModel>

namespace sd::ui {

class GalleryModel;

class GalleryFilterProxy : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  using QSortFilterProxyModel::QSortFilterProxyModel;
  void setGallery(GalleryModel* model);

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  GalleryModel* m_gallery = nullptr;
};

}  // namespace sd::ui
