#include "ui/panels/settings_panel.h"

#include <QLabel>
#include <QVBoxLayout>

namespace sd::ui {

SettingsPanel::SettingsPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("SettingsPanel");
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("Settings"), this);
  title->setObjectName("panelTitle");
  layout->addWidget(title);
  layout->addStretch(1);
}

}  // namespace sd::ui
