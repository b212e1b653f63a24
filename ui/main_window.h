#pragma once
#include <QMainWindow>
#include <memory>

#include "ui/studio_types.h"

class QDragEnterEvent;
class QDropEvent;
class QLabel;
class QTabWidget;

namespace sd::ui {

class PromptPanel;
class SettingsPanel;
class ModelPanel;
class PreviewPanel;
class GalleryPanel;
class ComparisonPanel;
class QueuePanel;
class ComparisonSet;
class GalleryModel;
class JobQueue;
class TokenCounter;
class GalleryFiles;
class ScoreKeeper;
struct VarySettings;

// Layout and wiring only: each panel is its own widget class. The window
// talks to the inference worker (app/) through the signals and slots below,
// connected queued across the thread by the composition root.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  // Shows the images of the newest gallery folder (or of the one set with
  // setOutputDir): after a restart or a crash the gallery is back. Read on a
  // worker thread; galleryReopened() tells when the images are in.
  void reopenGallery();
  bool isReopeningGallery() const { return m_galleriesOpening > 0; }
  // Puts a request's prompt, settings and seed (locked) into the panels.
  // Puts a request's settings in the panels (an image's, to remake it) and
  // says in one line what could not be restored. `fromImage`: it was
  // img2img or inpainting (strength and mask settings taken, the init image
  // left as it is); otherwise any init image is dropped, as it was not used.
  void applyRequest(const GenerationRequest& request, const QStringList& notRestored = {}, bool fromImage = false);
  ~MainWindow() override;

  PromptPanel* promptPanel() const { return m_prompt; }
  SettingsPanel* settingsPanel() const { return m_settings; }
  ModelPanel* modelPanel() const { return m_models; }
  PreviewPanel* previewPanel() const { return m_preview; }
  GalleryPanel* galleryPanel() const { return m_gallery; }
  ComparisonPanel* comparisonPanel() const { return m_comparison; }
  QueuePanel* queuePanel() const { return m_queue; }
  QTabWidget* views() const { return m_views; }
  JobQueue* jobQueue() const { return m_jobs; }
  GalleryModel* galleryModel() const { return m_galleryModel; }
  ComparisonSet* comparisonSet() const { return m_set; }

  // Where finished images are written: today's gallery folder
  // (core/gallery/gallery_paths.h), unless a folder is set here ("" = not saved).
  void setOutputDir(const QString& dir) {
    m_outputDir = dir;
    m_outputDirSet = true;
  }
  QString outputDir() const;
  // What File > Export gallery… exports.
  QString galleryShown() const;
  QString lastError() const { return m_lastError; }
  // The request Ctrl+Enter would queue now.
  GenerationRequest currentRequest(const QStringList& prompts = {}) const;
  // The gallery folders on disk, shared with the inference worker.
  std::shared_ptr<GalleryFiles> galleryFiles() const { return m_files; }
  // Queues `vary.count` variations of a gallery image: its prompt and
  // settings at its seed, variation seeds first… first+count-1 (A1111's
  // variation seed) at `vary.strength`. Returns the job id (0 when refused).
  int varyImage(const GalleryItem& item, const VarySettings& vary);
  // Asks how many and how strong (VaryDialog), then varyImage().
  void askVary(const GalleryItem& item);
  // Writes the bars the gallery shows into the image files now (before an
  // export reads them); otherwise that happens a moment after they change.
  void storeScoresNow();

 public Q_SLOTS:
  void loadModels();          // the ones chosen in the Models panel
  int generate();             // queues the prompt; returns the job id (0 when refused)
  int generateAtLastSeed();   // same, at the previous run's seed
  int renderComparison(const QStringList& prompts, int seedCount);
  void cancelCurrent();
  void clearQueue();
  // Asks, then removes the image's file (to the trash) and index entry.
  void deleteImage(const sd::ui::GalleryItem& item);

  // From the inference worker.
  void onModelStatus(const QString& message);
  void onModelLoaded(const sd::ui::ModelSummary& model);
  void onClipLoaded(const sd::ui::ModelSummary& model);
  void onModelLoadFailed(const QString& message);
  void onClipLoadFailed(const QString& message);
  void onJobStarted(int jobId);
  void onStepProgress(int jobId, const sd::StepProgress& progress);
  void onImageReady(const sd::ui::GalleryItem& item);
  void onJobFinished(int jobId, bool cancelled);
  void onTextEmbeddings(const sd::ui::TextEmbeddings& embeddings);
  void onFailed(const QString& message);

 Q_SIGNALS:
  // To the inference worker.
  void loadModelRequested(const QString& path, int device);
  void loadClipRequested(const QString& path, int device);
  void jobDispatched(const sd::ui::StudioJob& job);
  void cancelRequested(int jobId);
  void textEmbeddingsRequested(const QStringList& prompts);
  // reopenGallery() is done: `images` were added (0 also when there was none).
  void galleryReopened(int images);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void showEvent(QShowEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildLayout();
  void buildMenus();
  void connectPanels();
  void restoreWindowState();
  // advanceSeed: move the seed field on afterwards (not for a Vary, which does not use it).
  int queueRequest(GenerationRequest request, bool advanceSeed = true);
  void showError(const QString& message);
  void showReadyWhenLoaded();
  void fitToScreen();  // inside the screen with the frame around it (ui/window_fit.h)
  void selectedToInit();
  void inpaintSelected();  // the selected image as init image, then the mask painter
  void openGetModels();    // Models > Get models…: the catalogue and downloads
  void restoreFrom(const GalleryItem& item);
  void reuseSeed(quint64 seed);

  PromptPanel* m_prompt;
  SettingsPanel* m_settings;
  ModelPanel* m_models;
  PreviewPanel* m_preview;
  GalleryPanel* m_gallery;
  ComparisonPanel* m_comparison;
  QueuePanel* m_queue;
  QTabWidget* m_views = nullptr;
  QLabel* m_banner = nullptr;
  ComparisonSet* m_set;
  GalleryModel* m_galleryModel;
  JobQueue* m_jobs;
  std::unique_ptr<TokenCounter> m_tokens;
  std::shared_ptr<GalleryFiles> m_files;
  ScoreKeeper* m_keeper;
  QString m_outputDir;
  bool m_outputDirSet = false;
  QString m_reopenedDir;
  int m_galleriesOpening = 0;  // reopenGallery() reads under way
  QString m_lastError;
  bool m_clipLoaded = false;
  bool m_settingsRestored = false;
  bool m_fitted = false;  // fitted to the screen on the first show
  int m_nativeSize = 0;  // of the loaded model (0: none yet)
  // What the request now rendering has come to, so its last status line is
  // "failed" or "finished with an error", never "done", when it went wrong.
  struct RunningJob {
    int images = 0;
    QString firstError;
  } m_running;
};

}  // namespace sd::ui
