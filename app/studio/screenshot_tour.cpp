#include "app/studio/screenshot_tour.h"

#include <QCheckBox>
#include <QDir>
#include <QPainter>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <iostream>

#include "app/studio/inference_worker.h"
#include "core/catalogue/known_models.h"
#include "core/catalogue/model_search_paths.h"
#include "ui/demo_models.h"
#include "ui/get_models_dialog.h"
#include "ui/main_window.h"
#include "ui/mask_painter_dialog.h"
#include "ui/model/gallery_model.h"
#include "ui/model/job_queue.h"
#include "ui/panels/comparison_panel.h"
#include "ui/panels/gallery_panel.h"
#include "ui/panels/init_image_box.h"
#include "ui/panels/model_panel.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/seed_controls.h"
#include "ui/panels/settings_panel.h"
#include "ui/widgets/gallery_filter_box.h"
#include "ui/window_fit.h"

namespace sd::studio {

ScreenshotTour::ScreenshotTour(ui::MainWindow* window, InferenceWorker* worker, QString dir, QObject* parent)
    : QObject(parent), m_window(window), m_worker(worker), m_dir(std::move(dir)) {}

void ScreenshotTour::start() {
  QDir().mkpath(m_dir);
  m_window->modelPanel()->selectSdModel(ui::demoSdModelPath());
  m_window->modelPanel()->selectClipModel(ui::demoClipModelPath());
  connect(m_worker, &InferenceWorker::modelLoaded, this, [this] {
    QTimer::singleShot(0, this, [this] { whenIdle([this] { afterModelsLoaded(); }); });
  }, Qt::SingleShotConnection);
  m_window->loadModels();
}

void ScreenshotTour::whenIdle(std::function<void()> next) {
  auto* timer = new QTimer(this);
  connect(timer, &QTimer::timeout, this, [this, timer, next] {
    if (m_window->modelPanel()->isLoading() || m_window->jobQueue()->isBusy() ||
        !m_window->jobQueue()->pending().isEmpty())
      return;
    timer->deleteLater();
    next();
  });
  timer->start(150);
}

void ScreenshotTour::afterModelsLoaded() {
  ui::SettingsPanel* settings = m_window->settingsPanel();
  settings->setSteps(12);
  settings->seedControls()->setSeed(1234);
  settings->seedControls()->setLocked(true);
  m_window->promptPanel()->setPrompt("a lighthouse on a cliff at sunset, oil painting");
  m_window->promptPanel()->setNegativePrompt("blurry, low quality");
  m_window->generate();
  m_window->promptPanel()->setPrompt("a lighthouse on a cliff at night, oil painting");
  m_window->generate();
  m_window->comparisonPanel()->setPrompts({"a red apple on a wooden table", "a blue sports car in the rain",
                                           "a portrait of an old fisherman", "a lighthouse on a cliff at sunset, oil painting"});
  m_window->renderComparison(m_window->comparisonPanel()->editedPrompts(), 2);
  whenIdle([this] { takeLaptopShots({QSize(1366, 768), QSize(1280, 720)}); });
}

// The window as it opens on laptop screens (the size left once the window
// manager's frame is allowed for): the gallery with four bars a cell and
// the status bar, then the comparison grid.
void ScreenshotTour::takeLaptopShots(QList<QSize> screens) {
  if (screens.isEmpty()) {
    m_window->resize(1600, 1000);
    QTimer::singleShot(300, this, [this] { takeGalleryShots(); });
    return;
  }
  const QSize screen = screens.takeFirst();
  m_window->resize(QRect(QPoint(), screen).marginsRemoved(ui::kAssumedFrame).size());
  m_window->views()->setCurrentIndex(0);
  m_window->galleryPanel()->selectRow(m_window->galleryModel()->rowCount() - 1);
  QTimer::singleShot(400, this, [this, screen, screens] {
    const QString size = QStringLiteral("%1x%2").arg(screen.width()).arg(screen.height());
    save("window-" + size + ".png");
    m_window->views()->setCurrentIndex(1);
    QTimer::singleShot(300, this, [this, size, screens] {
      save("comparison-" + size + ".png");
      takeLaptopShots(screens);
    });
  });
}

void ScreenshotTour::takeGalleryShots() {
  m_window->views()->setCurrentIndex(1);
  save("comparison.png");
  m_window->comparisonPanel()->setPrompts({});  // back to the gallery's own prompts
  m_window->views()->setCurrentIndex(0);
  m_window->galleryPanel()->selectRow(m_window->galleryModel()->rowCount() - 1);  // newest: top of the list
  save("gallery.png");
  // The selected image's insight tab (word bars, trajectory), the gallery panel alone so it reads at doc width;
  // a moment later, once the emptied comparison set's text embeddings are back and the thumbnails have bars.
  QTimer::singleShot(1500, this, [this] {
    m_window->galleryPanel()->detailTabs()->setCurrentIndex(1);
    save("insight.png", m_window->galleryPanel());
    m_window->galleryPanel()->detailTabs()->setCurrentIndex(0);
    // The filter box narrowing the grid to one of the comparison's seeds.
    m_window->galleryPanel()->filterBox()->setQuery("-lighthouse seed:1235");
    QTimer::singleShot(300, this, [this] {  // once the row is laid out with its count
      save("gallery-filter.png", m_window->galleryPanel());
      m_window->galleryPanel()->filterBox()->setQuery({});
      takeInpaintingShots();
      takeGetModelsShot();  // then startPreviewShot()
    });
  });
}

// The mask painter over a gallery image, and the box that then says "inpainting".
void ScreenshotTour::takeInpaintingShots() {
  ui::InitImageBox* box = m_window->settingsPanel()->initImageBox();
  const QImage init = m_window->galleryModel()->item(0).image.scaled(256, 256);
  box->setInitImage(init, "the gallery");
  QImage mask(init.size(), QImage::Format_Grayscale8);
  mask.fill(0);
  QPainter painter(&mask);
  painter.setPen(Qt::NoPen);
  painter.setBrush(Qt::white);
  painter.drawEllipse(QRect(70, 60, 120, 90));
  painter.end();
  box->setMask(mask);
  ui::MaskPainterDialog dialog(init, mask, box->findChild<QSpinBox*>("maskBlurSpin")->value(), m_window);
  dialog.findChild<QCheckBox*>("maskShowBlur")->setChecked(true);
  dialog.show();
  save("mask-painter.png", &dialog);
  dialog.close();
  save("inpainting.png", box);
  box->clearInitImage();
}

// Models > Get models… downloading SD v1.4: staged (a tour cannot fetch
// 4 GB), two progress reports a second apart so the rate and time left read
// as they do in a real download.
void ScreenshotTour::takeGetModelsShot() {
  KnownModels catalogue;
  try {
    catalogue = KnownModels::load(knownModelsManifestPath());
  } catch (const std::exception& e) {
    std::cout << "no model catalogue for the Get models shot: " << e.what() << std::endl;
    m_ok = false;
    return startPreviewShot();
  }
  auto* dialog = new ui::GetModelsDialog(std::move(catalogue), QString::fromStdString(userModelsDir().string()), m_window);
  dialog->selectModel("stable-diffusion-v1-4");
  dialog->show();
  dialog->setBusy(true);
  const QString file = "unet/diffusion_pytorch_model.safetensors";
  const qint64 total = 4'315'272'876;
  dialog->showProgress(file, "downloading", 1'200'000'000, total);
  QTimer::singleShot(1000, this, [this, dialog, file, total] {
    dialog->showProgress(file, "downloading", 1'218'400'000, total);
    save("get-models.png", dialog);
    dialog->setBusy(false);
    dialog->deleteLater();
    startPreviewShot();
  });
}

void ScreenshotTour::startPreviewShot() {
  m_window->settingsPanel()->setSteps(150);
  m_window->promptPanel()->setPrompt("a watercolour of a fox in a snowy forest");
  connect(m_worker, &InferenceWorker::stepProgress, this, [this](int, const StepProgress& p) {
    if (m_previewTaken || p.step < 20) return;
    m_previewTaken = true;
    QTimer::singleShot(50, this, [this] {
      save("generating.png");
      m_window->clearQueue();
      m_window->cancelCurrent();
      whenIdle([this] { Q_EMIT finished(m_ok); });
    });
  });
  m_window->generate();
  m_window->generate();  // a second one waits in the queue
}

bool ScreenshotTour::save(const QString& name, QWidget* widget) {
  const QString path = QDir(m_dir).filePath(name);
  const bool ok = (widget ? widget : static_cast<QWidget*>(m_window))->grab().save(path);
  std::cout << (ok ? "wrote " : "could not write ") << path.toStdString() << std::endl;
  m_ok = m_ok && ok;
  return ok;
}

}  // namespace sd::studio
