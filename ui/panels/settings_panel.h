#pragma once
#include <QImage>
#include <QWidget>

#include "core/pipeline/generation_request.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace sd::ui {

class InitImageBox;
class SeedControls;
class VariationControls;

// How to render: size, steps, guidance, sampler (A1111 names), clip skip,
// batch, seed controls, variation seed, img2img and inpainting (InitImageBox).
class SettingsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit SettingsPanel(QWidget* parent = nullptr);

  // Everything but prompts and seed (the init image and mask included).
  void applyTo(GenerationRequest& request) const;
  // Restores the settings of a gallery image (size, steps, guidance, sampler, clip skip).
  void setFrom(const GenerationRequest& request);
  void setSize(int width, int height);
  QSize renderSize() const;  // the Size boxes, as the request will take them
  void setSteps(int steps);
  void setBatch(int batch);
  void setScheduler(const QString& nameOrId);  // any spelling findScheduler() takes; others are ignored
  void setScheduler(SchedulerKind kind);
  QString schedulerId() const;
  int batch() const;

  void setInitImage(const QImage& image, const QString& source);
  void clearInitImage();
  bool hasInitImage() const;
  const QImage& initImage() const;
  InitImageBox* initImageBox() const { return m_initBox; }

  SeedControls* seedControls() const { return m_seed; }
  VariationControls* variationControls() const { return m_variation; }
  void saveSettings() const;
  bool restoreSettings();  // false on a first start (defaults kept)

 Q_SIGNALS:
  void useSelectedAsInitRequested();

 private:

  QSpinBox* m_width;
  QSpinBox* m_height;
  QSpinBox* m_steps;
  QDoubleSpinBox* m_guidance;
  QComboBox* m_scheduler;
  QSpinBox* m_clipSkip;
  QSpinBox* m_batch;
  SeedControls* m_seed;
  VariationControls* m_variation;
  QSpinBox* m_trajectoryEvery;
  QComboBox* m_trajectoryDecoder;
  InitImageBox* m_initBox;
};

}  // namespace sd::ui
