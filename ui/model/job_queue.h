#pragma once
// The requests waiting for the inference thread, and the one it is running.
// The worker runs one job at a time; the queue hands it the next when it
// reports the previous one finished, so clearing the queue never has to
// reach into the worker.
#include <QList>
#include <QObject>
#include <optional>

#include "ui/studio_types.h"

namespace sd::ui {

class JobQueue : public QObject {
  Q_OBJECT
 public:
  explicit JobQueue(QObject* parent = nullptr);

  // Queues a request; returns its job id. Starts it at once when idle and ready.
  int enqueue(const GenerationRequest& request, const QString& outputDir = {});
  const QList<StudioJob>& pending() const { return m_pending; }
  const std::optional<StudioJob>& running() const { return m_running; }
  bool isBusy() const { return m_running.has_value(); }
  // A cancel was asked for the running job and the worker has not stopped yet.
  bool isCancelling() const { return m_cancelling; }

  // The queue only dispatches while a model is loaded (ready).
  void setReady(bool ready);
  bool isReady() const { return m_ready; }

 public Q_SLOTS:
  void cancelCurrent();             // asks the worker to stop the running job
  void clearPending();              // drops every waiting job
  bool removePending(int jobId);
  void onJobFinished(int jobId);    // the worker is idle again

 Q_SIGNALS:
  void dispatch(const sd::ui::StudioJob& job);  // connect (queued) to the worker
  void cancelRequested(int jobId);
  void changed();

 private:
  void startNext();

  QList<StudioJob> m_pending;
  std::optional<StudioJob> m_running;
  int m_nextId = 1;
  bool m_ready = false;
  bool m_cancelling = false;
};

}  // namespace sd::ui
