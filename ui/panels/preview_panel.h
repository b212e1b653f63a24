#pragma once
#include <QWidget>

namespace sd::ui {

// The image forming live, step by step.
class PreviewPanel : public QWidget {
  Q_OBJECT
 public:
  explicit PreviewPanel(QWidget* parent = nullptr);
};

}  // namespace sd::ui
