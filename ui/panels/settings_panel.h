#pragma once
#include <QImage>
#include <QWidget>

#include "core/pipeline/generation_request.h"

class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QSlider;
class QSpinBox;

namespace sd::ui {

class SeedControls;
class VariationControls;

// How to render: size, steps, guidance, sampler (A1111 names), clip skip,
// batch, seed controls, variation seed and img2img (init image + strength).
class SettingsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit SettingsPanel(QWidget* parent = nullptr);

  // Everything but prompts and seed.
  void applyTo(GenerationRequest& request) const;
  // Restores the settings of a gallery image (size, steps, guidance, sampler, clip skip).
  void setFrom(const GenerationRequest& request);
  void setSize(int width, int height);
  void setSteps(int steps);
  void setBatch(int batch);
  void setScheduler(const QString& nameOrId);
  QString schedulerId() const;
  int batch() const;

  void setInitImage(const QImage& image, const QString& source);
  void clearInitImage();
  bool hasInitImage() const { return !m_init.isNull(); }
  const QImage& initImage() const { return m_init; }

  SeedControls* seedControls() const { return m_seed; }
  VariationControls* variationControls() const { return m_variation; }
  void saveSettings() const;
  bool restoreSettings();  // false on a first start (defaults kept)

 Q_SIGNALS:
  void useSelectedAsInitRequested();

 private:
  QWidget* buildImg2ImgBox();
  void openInitFile();

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
  QGroupBox* m_img2img;
  QLabel* m_initThumb;
  QLabel* m_initSource;
  QSlider* m_strength;
  QLabel* m_strengthValue;
  QImage m_init;
};

}  // namespace sd::ui
