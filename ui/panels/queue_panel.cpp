#include "ui/panels/queue_panel.h"

#include <QLabel>
#include <QVBoxLayout>

namespace sd::ui {

QueuePanel::QueuePanel(QWidget* parent) : QWidget(parent) {
  setObjectName("QueuePanel");
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("Queue"), this);
  title->setObjectName("panelTitle");
  layout->addWidget(title);
  layout->addStretch(1);
}

}  // namespace sd::ui
