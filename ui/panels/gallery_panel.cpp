#include "ui/panels/gallery_panel.h"

#include <QLabel>
#include <QVBoxLayout>

namespace sd::ui {

GalleryPanel::GalleryPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("GalleryPanel");
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("Gallery"), this);
  title->setObjectName("panelTitle");
  layout->addWidget(title);
  layout->addStretch(1);
}

}  // namespace sd::ui
