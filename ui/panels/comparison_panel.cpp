#include "ui/panels/comparison_panel.h"

#include <QLabel>
#include <QVBoxLayout>

namespace sd::ui {

ComparisonPanel::ComparisonPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("ComparisonPanel");
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("Comparison"), this);
  title->setObjectName("panelTitle");
  layout->addWidget(title);
  layout->addStretch(1);
}

}  // namespace sd::ui
