#pragma once
#include <QWidget>

namespace sd::ui {

// Prompt set, seed x prompt grid and confusion matrix.
class ComparisonPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ComparisonPanel(QWidget* parent = nullptr);
};

}  // namespace sd::ui
