#pragma once
#include <QWidget>

namespace sd::ui {

// Pending requests, progress, cancel.
class QueuePanel : public QWidget {
  Q_OBJECT
 public:
  explicit QueuePanel(QWidget* parent = nullptr);
};

}  // namespace sd::ui
