#include "ui/model/gallery_filter_proxy.h"

#include "ui/model/gallery_model.h"

namespace sd::ui {

void GalleryFilterProxy::setGallery(GalleryModel* model) {
  m_gallery = model;
  setSourceModel(model);
  connect(model, &GalleryModel::filterChanged, this, &GalleryFilterProxy::invalidateRowsFilter);
}

bool GalleryFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  return !sourceParent.isValid() && m_gallery && m_gallery->accepts(sourceRow);
}

}  // namespace sd::ui
