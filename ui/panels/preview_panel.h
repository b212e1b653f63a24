#pragma once
#include <QWidget>

#include "core/pipeline/generation_result.h"

class QCheckBox;
class QSpinBox;

namespace sd::ui {

class ImageView;

// The image forming live: the linear latent preview every step (8× smaller
// than the image, scaled up smoothly) or a VAE decode every N steps, then
// the finished image.
class PreviewPanel : public QWidget {
  Q_OBJECT
 public:
  explicit PreviewPanel(QWidget* parent = nullptr);

  // 0 = linear preview only; N = also VAE-decode every N steps.
  int decodeEvery() const;
  ImageView* view() const { return m_view; }
  int stepsShown() const { return m_stepsShown; }

 public Q_SLOTS:
  void showStep(const sd::StepProgress& progress);
  void showFinished(const QImage& image, const QString& caption);
  // A cancelled render: its half-made image goes, the caption says where it stopped.
  void showCancelled();
  void clear();
  QString caption() const;

 private:
  ImageView* m_view;
  QCheckBox* m_decode;
  QSpinBox* m_every;
  int m_stepsShown = 0;
  sd::StepProgress m_last;  // the latest step shown (where a cancel stopped it)
};

}  // namespace sd::ui
