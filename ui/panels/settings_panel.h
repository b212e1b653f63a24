#pragma once
#include <QWidget>

namespace sd::ui {

// Size, steps, guidance, scheduler, clip skip, batch, device and the seed controls.
class SettingsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit SettingsPanel(QWidget* parent = nullptr);
};

}  // namespace sd::ui
