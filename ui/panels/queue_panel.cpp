#include "ui/panels/queue_panel.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>
#include <cmath>

#include "ui/model/job_queue.h"

namespace sd::ui {

namespace {
QString describe(const StudioJob& job) {
  const auto& r = job.request;
  const QString prompt = r.prompts.empty() ? QString() : QString::fromStdString(r.prompts.front());
  QString text = QStringLiteral("#%1  %2").arg(job.id).arg(prompt.simplified().left(60));
  // The mode first: an img2img request looks like any other otherwise.
  if (r.initImage)
    text = QStringLiteral("#%1  %2 %3 · %4").arg(job.id)
               .arg(r.mask ? QObject::tr("inpaint") : QObject::tr("img2img"))
               .arg(r.strength, 0, 'f', 2).arg(prompt.simplified().left(60));
  if (r.prompts.size() > 1) text += QObject::tr("  (+%1 prompts)").arg(r.prompts.size() - 1);
  return text + QObject::tr("  · seed %1 · %2×%3 · %4 steps · ×%5")
                    .arg(r.seed).arg(r.width).arg(r.height).arg(r.steps).arg(r.batch);
}

QString formatEta(double seconds) {
  if (seconds < 0 || !std::isfinite(seconds)) return QStringLiteral("–");
  const int s = int(std::lround(seconds));
  return s >= 60 ? QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60) : QStringLiteral("%1 s").arg(s);
}
}  // namespace

QueuePanel::QueuePanel(QWidget* parent) : QWidget(parent) {
  setObjectName("QueuePanel");
  m_list = new QListWidget;
  m_list->setObjectName("queueList");
  m_list->setToolTip(tr("Running and waiting requests; Delete removes a waiting one"));
  m_list->setMinimumHeight(m_list->fontMetrics().lineSpacing() * 2 + 8);  // two lines: room for the views
  m_progress = new QProgressBar;
  m_progress->setObjectName("queueProgress");
  m_progress->setRange(0, 1);
  m_progress->setValue(0);
  m_status = new QLabel(tr("Idle"));
  m_status->setObjectName("queueStatus");
  m_cancel = new QPushButton(tr("Cancel current"));
  m_cancel->setObjectName("cancelCurrent");
  m_cancel->setToolTip(tr("Stop the running request at once, between two of the model's layers (Esc)"));
  m_clear = new QPushButton(tr("Clear queue"));
  m_clear->setObjectName("clearQueue");
  m_clear->setToolTip(tr("Drop every waiting request (the running one continues)"));

  auto* bar = new QHBoxLayout;
  bar->addWidget(m_progress, 1);
  bar->addWidget(m_status, 1);
  bar->addWidget(m_cancel);
  bar->addWidget(m_clear);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(bar);
  layout->addWidget(m_list, 1);
  auto* del = new QShortcut(QKeySequence::Delete, m_list, nullptr, nullptr, Qt::WidgetShortcut);
  connect(del, &QShortcut::activated, this, &QueuePanel::removeSelected);
  refresh();
}

void QueuePanel::setQueue(JobQueue* queue) {
  m_queue = queue;
  connect(queue, &JobQueue::changed, this, &QueuePanel::refresh);
  connect(m_cancel, &QPushButton::clicked, queue, &JobQueue::cancelCurrent);
  connect(m_clear, &QPushButton::clicked, queue, &JobQueue::clearPending);
  refresh();
}

void QueuePanel::refresh() {
  m_list->clear();
  const bool busy = m_queue && m_queue->isBusy();
  const bool cancelling = busy && m_queue->isCancelling();
  if (busy) {
    auto* item = new QListWidgetItem((cancelling ? tr("■ cancelling: ") : QStringLiteral("▶ ")) +
                                     describe(*m_queue->running()));
    QFont f = item->font();
    f.setBold(true);
    item->setFont(f);
    item->setData(Qt::UserRole, m_queue->running()->id);
    m_list->addItem(item);
  }
  if (m_queue) {
    for (const StudioJob& job : m_queue->pending()) {
      auto* item = new QListWidgetItem(QStringLiteral("   ") + describe(job));
      item->setData(Qt::UserRole, job.id);
      m_list->addItem(item);
    }
  }
  m_cancel->setEnabled(busy && !cancelling);
  if (cancelling) m_status->setText(tr("Cancelling…"));
  m_clear->setEnabled(m_queue && !m_queue->pending().isEmpty());
  if (!busy) {
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status->setText(m_queue && !m_queue->isReady() ? tr("Waiting for a model") : tr("Idle"));
  }
}

// Also called within a step (p.withinStep > 0): at full size on a CPU a step
// takes a minute, and the bar moves with the UNet's blocks.
void QueuePanel::showProgress(const StepProgress& p) {
  if (m_queue && m_queue->isCancelling()) return;  // "Cancelling…" stays until the worker stops
  constexpr int kTicksPerStep = 100;
  const int total = std::max(1, p.imageCount * p.steps * kTicksPerStep);
  m_progress->setRange(0, total);
  m_progress->setValue(((p.imageNumber - 1) * p.steps + p.step) * kTicksPerStep +
                       static_cast<int>(p.withinStep * kTicksPerStep));
  // The step under way (within a step, the one being computed) and the
  // whole request's share done, the bar's own number: one percentage only.
  const int step = p.withinStep > 0 ? p.step + 1 : p.step;
  const int percent = int(100.0 * m_progress->value() / total);
  const QString speed = p.iterationsPerSecond > 0
                            ? tr("%1 it/s").arg(p.iterationsPerSecond, 0, 'f', p.iterationsPerSecond < 10 ? 2 : 1)
                            : tr("– it/s");  // not measured yet: the first step is under way
  m_status->setText(tr("Image %1/%2 · step %3/%4 · %5 % · %6 · ETA %7")
                        .arg(p.imageNumber).arg(p.imageCount).arg(step).arg(p.steps).arg(percent)
                        .arg(speed).arg(formatEta(p.etaSeconds)));
}

QString QueuePanel::progressText() const { return m_status->text(); }
int QueuePanel::listedJobs() const { return m_list->count(); }

void QueuePanel::removeSelected() {
  if (!m_queue) return;
  for (QListWidgetItem* item : m_list->selectedItems()) m_queue->removePending(item->data(Qt::UserRole).toInt());
}

}  // namespace sd::ui
