#include "ui/main_window.h"

#include <QDockWidget>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>

#include "ui/panels/comparison_panel.h"
#include "ui/panels/gallery_panel.h"
#include "ui/panels/model_panel.h"
#include "ui/panels/preview_panel.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/queue_panel.h"
#include "ui/panels/settings_panel.h"

namespace sd::ui {

namespace {
QDockWidget* dock(QMainWindow* window, const QString& title, const QString& name, QWidget* content) {
  auto* d = new QDockWidget(title, window);
  d->setObjectName(name);
  d->setWidget(content);
  d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
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
      m_queue(new QueuePanel) {
  setObjectName("MainWindow");
  setWindowTitle(tr("SD Studio"));

  // Centre: the live preview next to the gallery / comparison views.
  auto* views = new QTabWidget;
  views->setObjectName("views");
  views->addTab(m_gallery, tr("Gallery"));
  views->addTab(m_comparison, tr("Comparison"));
  auto* centre = new QSplitter(Qt::Horizontal);
  centre->setObjectName("centreSplitter");
  centre->addWidget(m_preview);
  centre->addWidget(views);
  centre->setStretchFactor(1, 2);
  setCentralWidget(centre);

  addDockWidget(Qt::LeftDockWidgetArea, dock(this, tr("Models"), "modelsDock", m_models));
  addDockWidget(Qt::LeftDockWidgetArea, dock(this, tr("Prompt"), "promptDock", m_prompt));
  addDockWidget(Qt::LeftDockWidgetArea, dock(this, tr("Settings"), "settingsDock", m_settings));
  addDockWidget(Qt::BottomDockWidgetArea, dock(this, tr("Queue"), "queueDock", m_queue));
  statusBar()->showMessage(tr("Ready"));
  resize(1400, 900);
}

}  // namespace sd::ui
