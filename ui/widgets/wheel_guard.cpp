#include "ui/widgets/wheel_guard.h"

#include <QAbstractScrollArea>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QWheelEvent>
#include <QWidget>

namespace sd::ui {

namespace {

class WheelGuard : public QObject {
 public:
  using QObject::QObject;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() != QEvent::Wheel) return false;
    auto* widget = qobject_cast<QWidget*>(watched);
    if (!widget || widget->hasFocus()) return false;
    // The field never sees it; the panel's scroll area gets it instead
    // (handed over, not left to Qt's propagation, which skips synthesized
    // wheels).
    for (QWidget* w = widget->parentWidget(); w; w = w->parentWidget())
      if (auto* area = qobject_cast<QAbstractScrollArea*>(w)) {
        const auto* wheel = static_cast<QWheelEvent*>(event);
        const QPointF at = area->viewport()->mapFromGlobal(wheel->globalPosition());
        QWheelEvent forwarded(at, wheel->globalPosition(), wheel->pixelDelta(), wheel->angleDelta(), wheel->buttons(),
                              wheel->modifiers(), wheel->phase(), wheel->inverted(), wheel->source());
        QCoreApplication::sendEvent(area->viewport(), &forwarded);
        break;
      }
    event->accept();
    return true;
  }
};

}  // namespace

void guardWheelIn(QWidget* root) {
  auto* guard = new WheelGuard(root);
  const auto protect = [guard](QWidget* w) {
    w->setFocusPolicy(Qt::StrongFocus);  // not WheelFocus: a wheel alone never focuses it
    w->installEventFilter(guard);
  };
  for (auto* w : root->findChildren<QAbstractSpinBox*>()) protect(w);
  for (auto* w : root->findChildren<QComboBox*>()) protect(w);
  for (auto* w : root->findChildren<QAbstractSlider*>()) protect(w);
}

}  // namespace sd::ui
