#pragma once
#include <QWidget>

namespace sd::ui {

// Prompt and negative prompt editors with the token counter.
class PromptPanel : public QWidget {
  Q_OBJECT
 public:
  explicit PromptPanel(QWidget* parent = nullptr);
};

}  // namespace sd::ui
