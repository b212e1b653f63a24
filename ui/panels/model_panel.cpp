#include "ui/panels/model_panel.h"

#include <QLabel>
#include <QVBoxLayout>

namespace sd::ui {

ModelPanel::ModelPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("ModelPanel");
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("Models"), this);
  title->setObjectName("panelTitle");
  layout->addWidget(title);
  layout->addStretch(1);
}

}  // namespace sd::ui
