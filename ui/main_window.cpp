#include "ui/main_window.h"

#include <utility>

#include <QCloseEvent>
#include <QDir>
#include <QKeyEvent>
#include <QGuiApplication>
#include <QDockWidget>
#include <QLabel>
#include <QScreen>
#include <QShowEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/file_actions.h"
#include "ui/window_fit.h"
#include "ui/widgets/wheel_guard.h"
#include "ui/gallery_files.h"
#include "ui/image_deletion.h"
#include "ui/score_keeper.h"
#include "ui/model/comparison_set.h"
#include "ui/model/gallery_model.h"
#include "ui/model/job_queue.h"
#include "ui/panels/comparison_panel.h"
#include "ui/panels/gallery_panel.h"
#include "ui/panels/init_image_box.h"
#include "ui/panels/model_panel.h"
#include "ui/panels/preview_panel.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/queue_panel.h"
#include "ui/panels/seed_controls.h"
#include "ui/panels/settings_panel.h"
#include "ui/token_counter.h"

namespace sd::ui {

namespace {
// A side panel scrolls rather than pushing the window past a laptop's
// screen: its height no longer adds to the window's minimum height.
QScrollArea* scrolling(QWidget* content) {
  auto* area = new QScrollArea;
  area->setObjectName(content->objectName() + "Scroll");
  area->setWidget(content);
  area->setWidgetResizable(true);
  area->setFrameShape(QFrame::NoFrame);
  area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  area->setMinimumWidth(content->minimumSizeHint().width() + area->verticalScrollBar()->sizeHint().width());
  guardWheelIn(content);  // its wheel scrolls the panel, not the field under the pointer
  return area;
}

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
      m_tokens(std::make_unique<TokenCounter>()),
      m_files(std::make_shared<GalleryFiles>()),
      m_keeper(new ScoreKeeper(m_galleryModel, m_set, m_files, this)) {
  registerStudioMetaTypes();
  setObjectName("MainWindow");
  setWindowTitle(tr("SD Studio"));
  setAcceptDrops(true);  // drop a PNG to read its settings
  m_gallery->setModel(m_galleryModel);
  m_comparison->setModels(m_set, m_galleryModel);
  m_queue->setQueue(m_jobs);
  m_settingsRestored = m_settings->restoreSettings();
  buildLayout();
  buildMenus();
  connectPanels();
  statusBar()->showMessage(tr("Starting…"));  // replaced by "Ready: …" once the models have loaded
  // Room for the frame the window manager adds: it is not known yet.
  const QRect screen = (this->screen() ? this->screen() : QGuiApplication::primaryScreen())->availableGeometry();
  resize(QSize(1500, 940).boundedTo(screen.marginsRemoved(kAssumedFrame).size()));
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

  // Models and Prompt are short and always shown whole; Settings scrolls.
  addDockWidget(Qt::LeftDockWidgetArea, dock(this, tr("Models"), "modelsDock", m_models));
  addDockWidget(Qt::LeftDockWidgetArea, dock(this, tr("Prompt"), "promptDock", m_prompt));
  addDockWidget(Qt::LeftDockWidgetArea, dock(this, tr("Settings"), "settingsDock", scrolling(m_settings)));
  QDockWidget* queue = dock(this, tr("Queue"), "queueDock", m_queue);
  addDockWidget(Qt::BottomDockWidgetArea, queue);
  resizeDocks({queue}, {100}, Qt::Vertical);  // a few lines; the views and the settings get the height
}

void MainWindow::connectPanels() {
  // The worker takes loads and jobs in order, so a job queued behind a load
  // runs on the model that load leaves (the new one, or the old one when it
  // failed): the queue never has to wait for a load to succeed.
  connect(m_models, &ModelPanel::loadModelRequested, this, [this](const QString& path, int device) {
    m_jobs->setReady(true);
    Q_EMIT loadModelRequested(path, device);
  });
  connect(m_models, &ModelPanel::loadClipRequested, this, [this](const QString& path, int device) {
    m_clipLoaded = false;
    Q_EMIT loadClipRequested(path, device);
  });
  connect(m_jobs, &JobQueue::dispatch, this, [this](StudioJob job) {
    // Scored against the set the gallery will show their bars for, so the
    // files hold the gallery's bars from the start.
    QStringList prompts;
    for (const auto& p : job.request.prompts) prompts << QString::fromStdString(p);
    job.scorePrompts = m_set->promptsAfter(prompts);
    job.temperature = m_set->temperature();
    Q_EMIT jobDispatched(job);
  });
  connect(m_jobs, &JobQueue::cancelRequested, this, &MainWindow::cancelRequested);
  connect(m_set, &ComparisonSet::embeddingsNeeded, this, [this](const QStringList& prompts) {
    if (m_clipLoaded) Q_EMIT textEmbeddingsRequested(prompts);
  });
  connect(m_comparison, &ComparisonPanel::renderRequested, this, &MainWindow::renderComparison);
  connect(m_prompt, &PromptPanel::generateRequested, this, &MainWindow::generate);
  connect(m_settings, &SettingsPanel::useSelectedAsInitRequested, this, &MainWindow::selectedToInit);
  connect(m_settings->seedControls(), &SeedControls::reuseSelectedRequested, this, [this] {
    if (const GalleryItem* item = m_gallery->selectedItem()) reuseSeed(item->seed);
  });
  connect(m_gallery, &GalleryPanel::reuseSeedRequested, this, [this](const GalleryItem& item) { reuseSeed(item.seed); });
  connect(m_gallery, &GalleryPanel::deleteRequested, this, &MainWindow::deleteImage);
  connect(m_keeper, &ScoreKeeper::failed, this, [this](const QString& message) { statusBar()->showMessage(message, 10000); });
  connect(m_gallery, &GalleryPanel::restoreSettingsRequested, this, &MainWindow::restoreFrom);
  connect(m_gallery, &GalleryPanel::varyRequested, this, &MainWindow::askVary);
  connect(m_gallery, &GalleryPanel::useAsInitRequested, this,
          [this](const GalleryItem& item) { m_settings->setInitImage(item.image, tr("seed %1").arg(item.seed)); });
  connect(m_banner, &QLabel::linkActivated, m_banner, &QWidget::hide);
  // img2img is shown beside Generate with one click back (issue 31 item 4).
  InitImageBox* init = m_settings->initImageBox();
  connect(init, &InitImageBox::modeChanged, this, [this, init] { m_prompt->setMode(init->modeText(), init->hasInitImage()); });
  connect(m_prompt, &PromptPanel::textToImageRequested, init, &InitImageBox::clearInitImage);
  connect(init, &InitImageBox::initImageChanged, this, [this](const QImage& image) {
    if (!image.isNull())
      statusBar()->showMessage(tr("Generate is now img2img, at the init image's size (%1×%2)")
                                   .arg(m_settings->renderSize().width()).arg(m_settings->renderSize().height()), 8000);
  });
}

// A geometry saved on a larger screen (or by an older version that let one
// long prompt widen the window) is fitted to this screen in showEvent.
void MainWindow::restoreWindowState() {
  QSettings s;
  if (s.contains("window/geometry")) restoreGeometry(s.value("window/geometry").toByteArray());
  if (s.contains("window/state")) restoreState(s.value("window/state").toByteArray());
  m_views->setCurrentIndex(s.value("window/view", 0).toInt());
}

// Once shown the window is fitted to its screen, allowing for the frame the
// window manager adds (assumed until reported), and again once the window
// manager has framed it, with the frame it reports.
void MainWindow::showEvent(QShowEvent* event) {
  QMainWindow::showEvent(event);
  if (std::exchange(m_fitted, true)) return;
  fitToScreen();
  QTimer::singleShot(300, this, &MainWindow::fitToScreen);
}

void MainWindow::fitToScreen() {
  if (isMaximized() || isFullScreen()) return;
  const QRect screen = (this->screen() ? this->screen() : QGuiApplication::primaryScreen())->availableGeometry();
  const QMargins reported(geometry().left() - frameGeometry().left(), geometry().top() - frameGeometry().top(),
                          frameGeometry().right() - geometry().right(), frameGeometry().bottom() - geometry().bottom());
  const QMargins frame = frameToAllow(reported);
  const QRect fitted = fitIntoScreen(geometry(), frame, screen);
  if (fitted.size() != size()) resize(fitted.size());
  // move() places the frame: its corner goes where the fitted client's frame begins.
  if (fitted.topLeft() != geometry().topLeft()) move(fitted.topLeft() - QPoint(frame.left(), frame.top()));
}

// Reached only by an Esc that no drop-down, dialog, editor or view took.
void MainWindow::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Escape && event->modifiers() == Qt::NoModifier && m_jobs->isBusy()) {
    cancelCurrent();
    event->accept();
    return;
  }
  QMainWindow::keyPressEvent(event);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings s;
  s.setValue("window/geometry", saveGeometry());
  s.setValue("window/state", saveState());
  s.setValue("window/view", m_views->currentIndex());
  m_settings->saveSettings();
  m_prompt->saveSettings();
  m_keeper->flush();  // the files keep the bars the gallery showed last
  QMainWindow::closeEvent(event);
}

}  // namespace sd::ui
