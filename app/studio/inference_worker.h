#pragma once
// The one object that lives on the inference QThread. The window talks to it
// only through queued signals carrying value types; the worker's event loop
// is busy while a job runs, so cancellation is an atomic the step callback
// checks (requestCancel may be called directly from any thread).
#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <memory>

#include <string>
#include <vector>

#include "app/studio/engines.h"
#include "app/studio/image_insight.h"
#include "ui/gallery_files.h"
#include "ui/studio_types.h"

namespace sd::studio {

class InferenceWorker : public QObject {
  Q_OBJECT
 public:
  explicit InferenceWorker(EngineFactory engines, QObject* parent = nullptr);
  ~InferenceWorker() override;

  // Thread-safe: stops job `jobId` at its next step (or before it starts).
  void requestCancel(int jobId);
  // The galleries on disk, shared with the window (which deletes images and
  // keeps their scores current); set before the thread starts.
  void setGalleryFiles(std::shared_ptr<ui::GalleryFiles> files) { m_files = std::move(files); }

 public Q_SLOTS:
  void loadModel(const QString& path, int device);  // device: sd::DevicePreference
  void loadClip(const QString& path, int device);
  void runJob(const sd::ui::StudioJob& job);
  void embedTexts(const QStringList& prompts);

 Q_SIGNALS:
  void modelStatus(const QString& message);
  void modelLoaded(const sd::ui::ModelSummary& model);
  void clipLoaded(const sd::ui::ModelSummary& model);
  // The model before stays loaded (and in use) after a failed load.
  void modelLoadFailed(const QString& message);
  void clipLoadFailed(const QString& message);
  void jobStarted(int jobId);
  void stepProgress(int jobId, const sd::StepProgress& progress);
  void imageReady(const sd::ui::GalleryItem& item);
  void jobFinished(int jobId, bool cancelled);
  void textEmbeddingsReady(const sd::ui::TextEmbeddings& embeddings);
  void failed(const QString& message);

 private:
  void generateJob(const ui::StudioJob& job);
  ui::GalleryItem finishImage(const ui::StudioJob& job, GeneratedImage&& image);
  void scoreAndEmit(ui::GalleryItem& item, const RgbImage& pixels, const ui::StudioJob& job);
  void addInsight(ui::GalleryItem& item, const GeneratedImage& image, const ui::StudioJob& job);
  QString saveImage(const ui::StudioJob& job, ui::GalleryItem& item, const GeneratedImage& image);
  const std::string& currentModelHash();
  std::vector<std::vector<float>> embed(const QStringList& prompts);  // also sent to the window

  EngineFactory m_engines;
  std::unique_ptr<ImageGenerator> m_generator;
  std::unique_ptr<ImageScorer> m_scorer;
  std::shared_ptr<ui::GalleryFiles> m_files = std::make_shared<ui::GalleryFiles>();
  std::vector<std::vector<float>> m_scoreEmbeddings;  // of the running job's score prompts
  ImageInsight m_insight;
  std::string m_clipModelName;
  std::string m_modelHash, m_modelHashFor;
  std::atomic<int> m_cancelJobId{0};
};

}  // namespace sd::studio
