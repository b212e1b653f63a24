#pragma once
#include <QWidget>

#include "core/pipeline/generation_result.h"

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace sd::ui {

class JobQueue;

// The queue of requests: what runs (image i/N, step i/N, it/s, ETA), what
// waits; cancel the running one, clear the waiting ones.
class QueuePanel : public QWidget {
  Q_OBJECT
 public:
  explicit QueuePanel(QWidget* parent = nullptr);

  void setQueue(JobQueue* queue);
  QString progressText() const;
  int listedJobs() const;
  QSize sizeHint() const override { return {640, 130}; }  // a few lines: the views get the height

 public Q_SLOTS:
  void showProgress(const sd::StepProgress& progress);
  void refresh();

 private:
  void removeSelected();

  JobQueue* m_queue = nullptr;
  QListWidget* m_list;
  QProgressBar* m_progress;
  QLabel* m_status;
  QPushButton* m_cancel;
  QPushButton* m_clear;
};

}  // namespace sd::ui
