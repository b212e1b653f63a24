#pragma once
// `sdstudio --screenshots DIR`: drives the window with the demo models
// through a short session (a prompt, a comparison set at two seeds, a run
// caught mid-way) and saves what a new user sees as PNGs, for the docs.
#include <QList>
#include <QObject>
#include <QSize>
#include <QString>
#include <functional>

class QWidget;

namespace sd::ui {
class MainWindow;
}

namespace sd::studio {

class InferenceWorker;

class ScreenshotTour : public QObject {
  Q_OBJECT
 public:
  ScreenshotTour(ui::MainWindow* window, InferenceWorker* worker, QString dir, QObject* parent = nullptr);
  void start();

 Q_SIGNALS:
  void finished(bool ok);

 private:
  void afterModelsLoaded();
  void whenIdle(std::function<void()> next);
  void takeLaptopShots(QList<QSize> screens);
  void takeGalleryShots();
  void takeInpaintingShots();
  void takeGetModelsShot();
  void startPreviewShot();
  bool save(const QString& name, QWidget* widget = nullptr);  // the whole window by default

  ui::MainWindow* m_window;
  InferenceWorker* m_worker;
  QString m_dir;
  bool m_ok = true;
  bool m_previewTaken = false;
};

}  // namespace sd::studio
