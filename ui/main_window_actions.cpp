// MainWindow, continued: the menus and their shortcuts, and what they (and
// the panels' buttons) do to the images and the panels.
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>

#include <QMessageBox>

#include "core/catalogue/known_models.h"
#include "core/catalogue/model_search_paths.h"
#include "ui/file_actions.h"
#include "ui/get_models_dialog.h"
#include "ui/gallery_files.h"
#include "ui/image_deletion.h"
#include "ui/main_window.h"
#include "ui/model/comparison_set.h"
#include "ui/model/gallery_model.h"
#include "ui/panels/comparison_panel.h"
#include "ui/widgets/comparison_grid.h"
#include "ui/panels/gallery_panel.h"
#include "ui/panels/init_image_box.h"
#include "ui/panels/model_panel.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/seed_controls.h"
#include "ui/panels/settings_panel.h"
#include "ui/score_keeper.h"
#include "ui/vary_dialog.h"
#include "ui/panels/variation_controls.h"

namespace sd::ui {

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Load models"), QKeySequence(tr("Ctrl+M")), this, &MainWindow::loadModels)
      ->setToolTip(tr("Load the models chosen in the Models panel"));
  file->addAction(tr("&Open image settings…"), QKeySequence::Open, this, [this] { openImageSettings(*this); })
      ->setToolTip(tr("Read how any PNG was made (SD Studio, A1111, sd.cpp, ComfyUI) and restore its settings"));
  file->addAction(tr("&Export gallery…"), QKeySequence(tr("Ctrl+E")), this, [this] { exportGallery(*this, galleryShown()); })
      ->setToolTip(tr("The images with a choice of HTML page, CSV, JSON, contact sheet and zip"));
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
  gen->addAction(tr("&Inpaint the selected image…"), QKeySequence(tr("Ctrl+I")), this, &MainWindow::inpaintSelected)
      ->setToolTip(tr("Make the selected gallery image the init image and paint the mask over it"));
  gen->addSeparator();
  // Esc is not a shortcut (shortcuts win over the drop-down or dialog the
  // key was meant to close): keyPressEvent takes the Esc nothing else used.
  gen->addAction(tr("&Cancel current") + "\tEsc", this, &MainWindow::cancelCurrent)
      ->setToolTip(tr("Stop the running request at once, between two of the model's layers (Esc)"));
  gen->addAction(tr("C&lear queue"), QKeySequence(tr("Ctrl+Shift+Backspace")), this, &MainWindow::clearQueue);
  gen->addSeparator();
  SeedControls* seed = m_settings->seedControls();
  gen->addAction(tr("&Random seed"), QKeySequence(tr("Ctrl+R")), seed, &SeedControls::randomize);
  gen->addAction(tr("L&ock seed"), QKeySequence(tr("Ctrl+K")), seed, [seed] { seed->setLocked(!seed->isLocked()); });
  gen->addAction(tr("Co&py seed"), QKeySequence(tr("Ctrl+Shift+S")), seed, &SeedControls::copySeed);

  QMenu* models = menuBar()->addMenu(tr("&Models"));
  models->addAction(tr("&Get models…"), this, &MainWindow::openGetModels)
      ->setToolTip(tr("Download Stable Diffusion v1.4 and CLIP ViT-B/32 (or import them from a folder), verified"));

  QMenu* view = menuBar()->addMenu(tr("&View"));
  // Shown and focused: arrows, Delete and Ctrl+I work at once, no click or Tabs first.
  view->addAction(tr("&Gallery"), QKeySequence(tr("Ctrl+1")), this, [this] {
    m_views->setCurrentIndex(0);
    m_gallery->focusImages();
  });
  view->addAction(tr("&Comparison"), QKeySequence(tr("Ctrl+2")), this, [this] {
    m_views->setCurrentIndex(1);
    m_comparison->grid()->setFocus(Qt::ShortcutFocusReason);
  });
  view->addAction(tr("Edit &prompt"), QKeySequence(tr("Ctrl+L")), this,
                  [this] { m_prompt->setFocus(); m_prompt->findChild<QWidget*>("promptEdit")->setFocus(); });
  view->addSeparator();
  for (QDockWidget* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
}

void MainWindow::openGetModels() {
  KnownModels catalogue;
  try {
    catalogue = KnownModels::load(knownModelsManifestPath());
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Get models"), tr("The model catalogue could not be read: %1").arg(e.what()));
    return;
  }
  auto* dialog = new GetModelsDialog(std::move(catalogue), QString::fromStdString(userModelsDir().string()), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  // A new model shows up in the Models panel, chosen; Load models loads it.
  connect(dialog, &GetModelsDialog::modelInstalled, this, [this](const QString& path, const QString& kind) {
    if (kind == "clip") m_models->selectClipModel(path);
    else m_models->selectSdModel(path);
    statusBar()->showMessage(tr("Installed %1 — chosen in the Models panel; Load models (Ctrl+M) loads it").arg(path), 10000);
  });
  dialog->show();
}

void MainWindow::storeScoresNow() { m_keeper->flush(); }

void MainWindow::deleteImage(const GalleryItem& item) {
  const Deletion deletion = deleteGalleryImage(this, *m_files, item);
  if (deletion.done) m_galleryModel->removeRowAt(m_galleryModel->rowOfId(item.id));
  if (!deletion.message.isEmpty()) statusBar()->showMessage(deletion.message, 8000);
}

void MainWindow::reuseSeed(quint64 seed) {
  m_settings->seedControls()->setSeed(seed);
  m_settings->seedControls()->setLocked(true);
}

int MainWindow::varyImage(const GalleryItem& item, const VarySettings& vary) {
  if (item.img2img) {
    showError(tr("Vary renders text-to-image variations; this image came from img2img."));
    return 0;
  }
  GenerationRequest r = item.settings;
  r.prompts = {item.prompt.toStdString()};
  r.seed = item.seed;
  r.batch = vary.count;
  r.variationSeed = vary.firstVariationSeed;
  r.variationStrength = vary.strength;
  m_views->setCurrentIndex(0);
  return queueRequest(r, false);
}

void MainWindow::askVary(const GalleryItem& item) {
  VarySettings defaults;
  defaults.firstVariationSeed = SeedControls::randomSeed();
  VaryDialog dialog(item.seed, defaults, this);
  // Modal, but the event loop runs: the worker's images keep arriving.
  if (dialog.exec() == QDialog::Accepted) varyImage(item, dialog.settings());
}

void MainWindow::selectedToInit() {
  if (const GalleryItem* item = m_gallery->selectedItem())
    m_settings->setInitImage(item->image, tr("seed %1").arg(item->seed));
  else
    showError(tr("Select an image in the gallery first."));
}

void MainWindow::inpaintSelected() {
  const GalleryItem* item = m_gallery->selectedItem();
  if (!item) return showError(tr("Select an image in the gallery first."));
  // Esc in the painter leaves the mode as it was: no init image set behind the user's back.
  m_settings->initImageBox()->inpaint(item->image, tr("seed %1").arg(item->seed));
}

void MainWindow::restoreFrom(const GalleryItem& item) {
  GenerationRequest request = item.settings;
  request.prompts = {item.prompt.toStdString()};
  request.seed = item.seed;
  // This image's own variation seed: batch 1 at the locked seed remakes it.
  if (item.settings.variationStrength > 0) request.variationSeed = item.variationSeed;
  QStringList lost;
  if (item.inpainted) lost << tr("the init image and mask of this inpainting (the gallery keeps neither)");
  else if (item.img2img) lost << tr("the init image of this img2img (the gallery does not keep it)");
  applyRequest(request, lost, item.img2img || item.inpainted);
}

void MainWindow::applyRequest(const GenerationRequest& request, const QStringList& notRestored, bool fromImage) {
  if (!request.prompts.empty()) m_prompt->setPrompt(QString::fromStdString(request.prompts.front()));
  m_prompt->setNegativePrompt(QString::fromStdString(request.negativePrompt));
  m_settings->setFrom(request);
  if (request.variationStrength > 0) m_settings->variationControls()->setVariationSeed(request.variationSeed);
  InitImageBox* init = m_settings->initImageBox();
  if (fromImage) init->setSettingsFrom(request);
  else init->clearInitImage();  // a text-to-image render: an init image left set would make it img2img
  reuseSeed(request.seed);
  const QStringList& lost = notRestored;
  statusBar()->showMessage(lost.isEmpty() ? tr("Settings restored: seed %1").arg(request.seed)
                                          : tr("Settings restored, except %1").arg(lost.join(QStringLiteral("; "))),
                           20000);
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
