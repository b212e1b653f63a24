#include "ui/model/job_queue.h"

namespace sd::ui {

JobQueue::JobQueue(QObject* parent) : QObject(parent) {}

int JobQueue::enqueue(const GenerationRequest& request, const QString& outputDir) {
  StudioJob job;
  job.id = m_nextId++;
  job.request = request;
  job.outputDir = outputDir;
  m_pending.append(job);
  Q_EMIT changed();
  startNext();
  return job.id;
}

void JobQueue::setReady(bool ready) {
  if (m_ready != ready) {
    m_ready = ready;
    Q_EMIT changed();  // the queue panel's "Waiting for a model" must go
  }
  startNext();
}

void JobQueue::cancelCurrent() {
  if (!m_running || m_cancelling) return;
  m_cancelling = true;  // said at once; the worker stops at its next layer
  Q_EMIT cancelRequested(m_running->id);
  Q_EMIT changed();
}

void JobQueue::clearPending() {
  if (m_pending.isEmpty()) return;
  m_pending.clear();
  Q_EMIT changed();
}

bool JobQueue::removePending(int jobId) {
  for (int i = 0; i < m_pending.size(); ++i) {
    if (m_pending[i].id == jobId) {
      m_pending.removeAt(i);
      Q_EMIT changed();
      return true;
    }
  }
  return false;
}

void JobQueue::onJobFinished(int jobId) {
  if (!m_running || m_running->id != jobId) return;
  m_running.reset();
  m_cancelling = false;
  Q_EMIT changed();
  startNext();
}

void JobQueue::startNext() {
  if (m_running || !m_ready || m_pending.isEmpty()) return;
  m_running = m_pending.takeFirst();
  Q_EMIT changed();
  Q_EMIT dispatch(*m_running);
}

}  // namespace sd::ui
