#include "ui/main_window.h"

#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include "ui/file_actions.h"
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

namespace {
QDockWidget* dock(QMainWindow* window, const QString& title, const QString& name, QWidget* content) {
  auto* d = new QDockWidget(title, window);
  d->setObjectName(name);
  d->setWidget(content);
  d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                 QDockWidget::DockWidgetClosable);
  return d;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_prompt(new PromptPanel),
      m_settings(new SettingsPanel),
      m_models(new ModelPanel),
      m_preview(new PreviewPanel),
      m_gallery(new GalleryPanel),
      m_comparison(new ComparisonPanel),
      m_queue(new QueuePanel),
      m_set(new ComparisonSet(this)),
      m_galleryModel(new GalleryModel(m_set, this)),
      m_jobs(new JobQueue(this)),
      m_tokens(std::make_unique<TokenCounter>()) {
  registerStudioMetaTypes();
  setObjectName("MainWindow");
  setWindowTitle(tr("SD Studio"));
  setAcceptDrops(true);  // drop a PNG to read its settings
  m_gallery->setModel(m_galleryModel);
  m_comparison->setModels(m_set, m_galleryModel);
  m_queue->setQueue(m_jobs);
  m_settings->restoreSettings();
  buildLayout();
  buildMenus();
  connectPanels();
  statusBar()->showMessage(tr("Ready"));
  resize(1500, 940);
  restoreWindowState();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildLayout() {
  m_views = new QTabWidget;
  m_views->setObjectName("views");
  m_views->addTab(m_gallery, tr("Gallery"));
  m_views->addTab(m_comparison, tr("Comparison"));
  auto* centre = new QSplitter(Qt::Horizontal);
  centre->setObjectName("centreSplitter");
  centre->addWidget(m_preview);
  centre->addWidget(m_views);
  centre->setStretchFactor(0, 2);
  centre->setStretchFactor(1, 3);
  m_banner = new QLabel;
  m_banner->setObjectName("errorBanner");
  m_banner->setWordWrap(true);
  m_banner->setStyleSheet("background: #fdecea; color: #b71c1c; padding: 6px; border: 1px solid #f5c6cb;");
  m_banner->setToolTip(tr("Click to dismiss"));
  m_banner->hide();
  auto* central = new QWidget;
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_banner);
  layout->addWidget(centre, 1);
  setCentralWidget(central);

  addDockWidget(Qt::LeftDockWidgetArea, dock(this, tr("Models"), "modelsDock", m_models));
  addDockWidget(Qt::LeftDockWidgetArea, dock(this, tr("Prompt"), "promptDock", m_prompt));
  addDockWidget(Qt::LeftDockWidgetArea, dock(this, tr("Settings"), "settingsDock", m_settings));
  QDockWidget* queue = dock(this, tr("Queue"), "queueDock", m_queue);
  addDockWidget(Qt::BottomDockWidgetArea, queue);
  resizeDocks({queue}, {130}, Qt::Vertical);  // a few lines; the views get the height
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Load models"), QKeySequence(tr("Ctrl+M")), this, &MainWindow::loadModels)
      ->setToolTip(tr("Load the models chosen in the Models panel"));
  file->addAction(tr("&Open image settings…"), QKeySequence::Open, this, [this] { openImageSettings(*this); })
      ->setToolTip(tr("Read how any PNG was made (SD Studio, A1111, sd.cpp, ComfyUI) and restore its settings"));
  file->addAction(tr("&Export gallery…"), QKeySequence(tr("Ctrl+E")), this, [this] { exportGallery(*this, galleryShown()); })
      ->setToolTip(tr("Images, HTML page, CSV, JSON and a contact sheet of the gallery"));
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* gen = menuBar()->addMenu(tr("&Generate"));
  QAction* go = gen->addAction(tr("&Generate"), this, &MainWindow::generate);
  go->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
  go->setShortcutContext(Qt::ApplicationShortcut);
  QAction* same = gen->addAction(tr("Generate at the &last seed"), this, &MainWindow::generateAtLastSeed);
  same->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return),
                      QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Enter)});
  same->setShortcutContext(Qt::ApplicationShortcut);
  gen->addAction(tr("Render the &comparison set"), QKeySequence(tr("Ctrl+Shift+C")), this,
                 [this] { renderComparison(m_set->prompts(), m_comparison->seedCount()); });
  gen->addSeparator();
  gen->addAction(tr("&Cancel current"), QKeySequence(Qt::Key_Escape), this, &MainWindow::cancelCurrent);
  gen->addAction(tr("C&lear queue"), QKeySequence(tr("Ctrl+Shift+Backspace")), this, &MainWindow::clearQueue);
  gen->addSeparator();
  SeedControls* seed = m_settings->seedControls();
  gen->addAction(tr("&Random seed"), QKeySequence(tr("Ctrl+R")), seed, &SeedControls::randomize);
  gen->addAction(tr("L&ock seed"), QKeySequence(tr("Ctrl+K")), seed, [seed] { seed->setLocked(!seed->isLocked()); });
  gen->addAction(tr("Co&py seed"), QKeySequence(tr("Ctrl+Shift+S")), seed, &SeedControls::copySeed);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->addAction(tr("&Gallery"), QKeySequence(tr("Ctrl+1")), this, [this] { m_views->setCurrentIndex(0); });
  view->addAction(tr("&Comparison"), QKeySequence(tr("Ctrl+2")), this, [this] { m_views->setCurrentIndex(1); });
  view->addAction(tr("Edit &prompt"), QKeySequence(tr("Ctrl+L")), this,
                  [this] { m_prompt->setFocus(); m_prompt->findChild<QWidget*>("promptEdit")->setFocus(); });
  view->addSeparator();
  for (QDockWidget* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
}

void MainWindow::connectPanels() {
  connect(m_models, &ModelPanel::loadModelRequested, this, [this](const QString& path, int device) {
    m_jobs->setReady(false);
    m_tokens->load(path);
    m_prompt->setTokenCounter([this](const QString& t) { return m_tokens->measure(t); });
    m_galleryModel->setScoringTokens([this](const QString& t) { return m_tokens->scoringTokens(t); });
    Q_EMIT loadModelRequested(path, device);
  });
  connect(m_models, &ModelPanel::loadClipRequested, this, [this](const QString& path, int device) {
    m_clipLoaded = false;
    Q_EMIT loadClipRequested(path, device);
  });
  connect(m_jobs, &JobQueue::dispatch, this, &MainWindow::jobDispatched);
  connect(m_jobs, &JobQueue::cancelRequested, this, &MainWindow::cancelRequested);
  connect(m_set, &ComparisonSet::embeddingsNeeded, this, [this](const QStringList& prompts) {
    if (m_clipLoaded) Q_EMIT textEmbeddingsRequested(prompts);
  });
  connect(m_comparison, &ComparisonPanel::renderRequested, this, &MainWindow::renderComparison);
  connect(m_settings, &SettingsPanel::useSelectedAsInitRequested, this, &MainWindow::selectedToInit);
  connect(m_settings->seedControls(), &SeedControls::reuseSelectedRequested, this, [this] {
    if (const GalleryItem* item = m_gallery->selectedItem()) {
      m_settings->seedControls()->setSeed(item->seed);
      m_settings->seedControls()->setLocked(true);
    }
  });
  connect(m_gallery, &GalleryPanel::reuseSeedRequested, this, [this](const GalleryItem& item) {
    m_settings->seedControls()->setSeed(item.seed);
    m_settings->seedControls()->setLocked(true);
  });
  connect(m_gallery, &GalleryPanel::restoreSettingsRequested, this, &MainWindow::restoreFrom);
  connect(m_gallery, &GalleryPanel::useAsInitRequested, this,
          [this](const GalleryItem& item) { m_settings->setInitImage(item.image, tr("seed %1").arg(item.seed)); });
  connect(m_banner, &QLabel::linkActivated, m_banner, &QWidget::hide);
}

void MainWindow::restoreWindowState() {
  QSettings s;
  if (s.contains("window/geometry")) restoreGeometry(s.value("window/geometry").toByteArray());
  if (s.contains("window/state")) restoreState(s.value("window/state").toByteArray());
  m_views->setCurrentIndex(s.value("window/view", 0).toInt());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings s;
  s.setValue("window/geometry", saveGeometry());
  s.setValue("window/state", saveState());
  s.setValue("window/view", m_views->currentIndex());
  m_settings->saveSettings();
  QMainWindow::closeEvent(event);
}

void MainWindow::selectedToInit() {
  if (const GalleryItem* item = m_gallery->selectedItem())
    m_settings->setInitImage(item->image, tr("seed %1").arg(item->seed));
  else
    showError(tr("Select an image in the gallery first."));
}

void MainWindow::restoreFrom(const GalleryItem& item) {
  m_prompt->setPrompt(item.prompt);
  m_prompt->setNegativePrompt(QString::fromStdString(item.settings.negativePrompt));
  m_settings->setFrom(item.settings);
  m_settings->seedControls()->setSeed(item.seed);
  m_settings->seedControls()->setLocked(true);
}

void MainWindow::applyRequest(const GenerationRequest& request) {
  if (!request.prompts.empty()) m_prompt->setPrompt(QString::fromStdString(request.prompts.front()));
  m_prompt->setNegativePrompt(QString::fromStdString(request.negativePrompt));
  m_settings->setFrom(request);
  m_settings->seedControls()->setSeed(request.seed);
  m_settings->seedControls()->setLocked(true);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  for (const QUrl& url : event->mimeData()->urls())
    if (url.isLocalFile() && isSettingsImage(url.toLocalFile()))
      showImageSettings(*this, url.toLocalFile());
}

}  // namespace sd::ui
