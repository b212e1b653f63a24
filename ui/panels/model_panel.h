#pragma once
#include <QWidget>

namespace sd::ui {

// Stable Diffusion and CLIP model pickers.
class ModelPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ModelPanel(QWidget* parent = nullptr);
};

}  // namespace sd::ui
