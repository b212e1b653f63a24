#pragma once
// Wires the window to the inference worker: one QThread, the worker moved
// onto it, every connection queued (value types only) except cancellation,
// which sets the worker's atomic directly so it is seen within one step.
#include <QObject>
#include <QPointer>
#include <QThread>

#include "app/studio/engines.h"

namespace sd::ui {
class MainWindow;
}

namespace sd::studio {

class InferenceWorker;

class StudioController : public QObject {
  Q_OBJECT
 public:
  StudioController(ui::MainWindow* window, EngineFactory engines, QObject* parent = nullptr);
  ~StudioController() override;  // cancels the running job, stops and joins the thread

  InferenceWorker* worker() const { return m_worker; }
  QThread* thread() const { return m_thread; }

 private:
  QPointer<ui::MainWindow> m_window;
  QThread* m_thread;
  InferenceWorker* m_worker;
};

}  // namespace sd::studio
