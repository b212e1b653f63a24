#include "app/studio/studio_controller.h"

#include "app/studio/inference_worker.h"
#include "ui/main_window.h"
#include "ui/model/job_queue.h"
#include "ui/panels/model_panel.h"

namespace sd::studio {

using ui::MainWindow;

StudioController::StudioController(MainWindow* window, EngineFactory engines, QObject* parent)
    : QObject(parent), m_window(window), m_thread(new QThread), m_worker(new InferenceWorker(engines)) {
  ui::registerStudioMetaTypes();
  m_thread->setObjectName("inference");
  m_worker->setGalleryFiles(window->galleryFiles());
  m_worker->moveToThread(m_thread);

  connect(window, &MainWindow::loadModelRequested, m_worker, &InferenceWorker::loadModel);
  connect(window, &MainWindow::loadClipRequested, m_worker, &InferenceWorker::loadClip);
  connect(window, &MainWindow::jobDispatched, m_worker, &InferenceWorker::runJob);
  connect(window, &MainWindow::textEmbeddingsRequested, m_worker, &InferenceWorker::embedTexts);
  // Direct on purpose: the worker's event loop is busy while a job runs.
  InferenceWorker* worker = m_worker;
  connect(window, &MainWindow::cancelRequested, this, [worker](int jobId) { worker->requestCancel(jobId); });

  connect(m_worker, &InferenceWorker::modelStatus, window, &MainWindow::onModelStatus);
  connect(m_worker, &InferenceWorker::modelLoaded, window, &MainWindow::onModelLoaded);
  connect(m_worker, &InferenceWorker::clipLoaded, window, &MainWindow::onClipLoaded);
  connect(m_worker, &InferenceWorker::modelLoadFailed, window, &MainWindow::onModelLoadFailed);
  connect(m_worker, &InferenceWorker::clipLoadFailed, window, &MainWindow::onClipLoadFailed);
  connect(m_worker, &InferenceWorker::jobStarted, window, &MainWindow::onJobStarted);
  connect(m_worker, &InferenceWorker::stepProgress, window, &MainWindow::onStepProgress);
  connect(m_worker, &InferenceWorker::imageReady, window, &MainWindow::onImageReady);
  connect(m_worker, &InferenceWorker::jobFinished, window, &MainWindow::onJobFinished);
  connect(m_worker, &InferenceWorker::textEmbeddingsReady, window, &MainWindow::onTextEmbeddings);
  connect(m_worker, &InferenceWorker::failed, window, &MainWindow::onFailed);
  window->modelPanel()->setGpu(engines.probeGpu ? engines.probeGpu() : GpuProbe{},
                               engines.cudaAvailable && engines.cudaAvailable());
  m_thread->start();
}

StudioController::~StudioController() {
  ui::JobQueue* jobs = m_window ? m_window->jobQueue() : nullptr;
  if (jobs) {
    jobs->clearPending();
    if (jobs->running()) m_worker->requestCancel(jobs->running()->id);
  }
  m_thread->quit();
  m_thread->wait();
  delete m_worker;
  delete m_thread;
}

}  // namespace sd::studio
