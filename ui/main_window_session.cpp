// MainWindow, continued: building requests from the panels and showing what
// the inference worker reports.
#include <QStatusBar>
#include <QLabel>
#include <exception>

#include "ui/painting/image_convert.h"
#include "ui/main_window.h"
#include "ui/model/comparison_set.h"
#include "ui/model/gallery_model.h"
#include "ui/model/job_queue.h"
#include "ui/panels/comparison_panel.h"
#include "ui/panels/gallery_panel.h"
#include "ui/panels/model_panel.h"
#include "ui/panels/preview_panel.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/queue_panel.h"
#include "ui/panels/seed_controls.h"
#include "ui/panels/settings_panel.h"
#include "ui/token_counter.h"

namespace sd::ui {

void MainWindow::loadModels() { m_models->loadSelected(); }

GenerationRequest MainWindow::currentRequest(const QStringList& prompts) const {
  GenerationRequest r;
  m_settings->applyTo(r);
  if (prompts.isEmpty()) {
    r.prompts = {m_prompt->prompt().toStdString()};
  } else {
    for (const QString& p : prompts) r.prompts.push_back(p.toStdString());
  }
  r.negativePrompt = m_prompt->negativePrompt().toStdString();
  r.seed = m_settings->seedControls()->seed();
  r.previewDecodeEvery = m_preview->decodeEvery();
  return r;
}

int MainWindow::generate() {
  const int id = queueRequest(currentRequest());
  if (id) m_prompt->addToHistory(m_prompt->prompt(), m_prompt->negativePrompt());
  return id;
}

int MainWindow::generateAtLastSeed() {
  SeedControls* seed = m_settings->seedControls();
  if (seed->hasLastUsedSeed()) seed->setSeed(seed->lastUsedSeed());
  return generate();
}

int MainWindow::renderComparison(const QStringList& prompts, int seedCount) {
  if (prompts.size() < 2) {
    showError(tr("A comparison needs at least two prompts: write them in the Comparison view, one per line."));
    return 0;
  }
  GenerationRequest r = currentRequest(prompts);
  r.batch = seedCount;
  m_views->setCurrentWidget(m_comparison);
  return queueRequest(r);
}

int MainWindow::queueRequest(GenerationRequest request, bool advanceSeed) {
  if (!m_jobs->isReady()) {
    showError(tr("No model is loaded: choose one in the Models panel and press Load (Ctrl+M)."));
    return 0;
  }
  try {
    validateRequest(request);
  } catch (const std::exception& e) {
    showError(QString::fromUtf8(e.what()));
    return 0;
  }
  const int id = m_jobs->enqueue(request, outputDir());
  if (advanceSeed) m_settings->seedControls()->advance(request.batch);
  if (m_models->isLoading()) statusBar()->showMessage(tr("Queued: starts when the model has loaded"));
  return id;
}

void MainWindow::cancelCurrent() { m_jobs->cancelCurrent(); }
void MainWindow::clearQueue() { m_jobs->clearPending(); }

void MainWindow::showError(const QString& message) {
  m_lastError = message;
  m_banner->setText(QStringLiteral("%1 &nbsp; <a href=\"#\">Dismiss</a>").arg(message.toHtmlEscaped()));
  m_banner->show();
  statusBar()->showMessage(message, 10000);
}

void MainWindow::onModelStatus(const QString& message) {
  m_models->showStatus(message);
  statusBar()->showMessage(message);
}

void MainWindow::onModelLoaded(const ModelSummary& model) {
  m_models->showModelLoaded(model);
  m_tokens->setTokenizer(model.tokenizer);  // the engine's own: the counter counts what the model reads
  m_prompt->setTokenCounter([this](const QString& t) { return m_tokens->measure(t); });
  m_galleryModel->setScoringTokens([this](const QString& t) { return m_tokens->scoringTokens(t); });
  // A model of another native size gets that size; the first model of a
  // start keeps the size the user left (restored), unless there was none.
  if (model.nativeSize != m_nativeSize && (m_nativeSize != 0 || !m_settingsRestored))
    m_settings->setSize(model.nativeSize, model.nativeSize);
  m_nativeSize = model.nativeSize;
  m_banner->hide();
  showReadyWhenLoaded();
}

void MainWindow::onClipLoaded(const ModelSummary& model) {
  m_models->showClipLoaded(model);
  m_clipLoaded = true;
  m_set->clearEmbeddings();
  const QStringList missing = m_set->missingEmbeddings();
  if (!missing.isEmpty()) Q_EMIT textEmbeddingsRequested(missing);
  showReadyWhenLoaded();
}

void MainWindow::onModelLoadFailed(const QString& message) {
  m_models->showModelLoadFailed(message);
  showError(m_models->hasModel() ? tr("%1 — still using %2.").arg(message, m_models->loadedSummary()) : message);
  showReadyWhenLoaded();
}

void MainWindow::onClipLoadFailed(const QString& message) {
  m_models->showClipLoadFailed(message);
  showError(message);
  showReadyWhenLoaded();
}

// The status bar says what is loaded once every load has answered, so it
// never keeps a "Loading…" line the Models panel has moved past.
void MainWindow::showReadyWhenLoaded() {
  if (m_models->isLoading()) return;
  const QString ready = tr("Ready: %1").arg(m_models->loadedSummary());
  statusBar()->showMessage(m_models->loadError().isEmpty() ? ready : m_models->loadError() + " — " + ready);
}

void MainWindow::onJobStarted(int jobId) {
  m_running = {};
  m_preview->clear();
  statusBar()->showMessage(tr("Rendering request #%1…").arg(jobId));
}

void MainWindow::onStepProgress(int jobId, const StepProgress& progress) {
  // A cancelled request's last steps can arrive after the next one started:
  // only the running request's progress is shown, never a mix of two.
  if (!m_jobs->running() || m_jobs->running()->id != jobId) return;
  if (progress.withinStep == 0) m_preview->showStep(progress);  // progress inside a step has no preview
  m_queue->showProgress(progress);
}

void MainWindow::onImageReady(const GalleryItem& item) {
  ++m_running.images;
  m_galleryModel->append(item);
  m_preview->showFinished(item.image, tr("seed %1 · %2 s").arg(item.seed).arg(item.seconds, 0, 'f', 1));
}

void MainWindow::onJobFinished(int jobId, bool cancelled) {
  m_jobs->onJobFinished(jobId);
  if (cancelled) {
    m_preview->showCancelled();
    statusBar()->showMessage(tr("Request #%1 cancelled").arg(jobId), 5000);
  } else if (m_running.firstError.isEmpty()) {
    statusBar()->showMessage(tr("Request #%1 done").arg(jobId), 5000);
  } else {
    // Kept until the next message: the banner above says the same at length.
    statusBar()->showMessage(m_running.images == 0
                                 ? tr("Request #%1 failed: %2").arg(jobId).arg(m_running.firstError)
                                 : tr("Request #%1 finished with an error (%n image(s) made): %2", nullptr,
                                      m_running.images).arg(jobId).arg(m_running.firstError));
  }
}

void MainWindow::onTextEmbeddings(const TextEmbeddings& embeddings) { m_set->addTextEmbeddings(embeddings); }

void MainWindow::onFailed(const QString& message) {
  if (m_running.firstError.isEmpty()) m_running.firstError = message;
  showError(message);
}

}  // namespace sd::ui
