#include "ui/panels/preview_panel.h"

#include <QLabel>
#include <QVBoxLayout>

namespace sd::ui {

PreviewPanel::PreviewPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("PreviewPanel");
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("Preview"), this);
  title->setObjectName("panelTitle");
  layout->addWidget(title);
  layout->addStretch(1);
}

}  // namespace sd::ui
