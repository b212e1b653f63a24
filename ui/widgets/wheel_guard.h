#pragma once
// A value field inside a scrolling panel must not change under a wheel that
// is scrolling the panel (Steps 25 → 20 while the user scrolled Settings on
// a laptop screen). Guarded fields take the wheel only once clicked or
// tabbed into; otherwise it scrolls the panel, as in browsers' forms.
class QWidget;

namespace sd::ui {

// Guards every spin box, combo box and slider under `root` (those that
// exist now: call it after the panel is built).
void guardWheelIn(QWidget* root);

}  // namespace sd::ui
