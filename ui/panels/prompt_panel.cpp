#include "ui/panels/prompt_panel.h"

#include <QLabel>
#include <QVBoxLayout>

namespace sd::ui {

PromptPanel::PromptPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("PromptPanel");
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("Prompt"), this);
  title->setObjectName("panelTitle");
  layout->addWidget(title);
  layout->addStretch(1);
}

}  // namespace sd::ui
