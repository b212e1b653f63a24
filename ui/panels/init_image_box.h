#pragma once
// img2img and inpainting: the init image (from a file or the gallery), the
// denoising strength, and the inpainting mask painted over the init image
// (MaskPainterDialog) with A1111's mask blur and "Only masked" area and
// padding. A new init image drops the mask: it was painted for another.
#include <QGroupBox>
#include <QImage>

#include "core/pipeline/generation_request.h"

class QCheckBox;
class QLabel;
class QPushButton;
class QSettings;
class QSlider;
class QSpinBox;

namespace sd::ui {

class InitImageBox : public QGroupBox {
  Q_OBJECT
 public:
  explicit InitImageBox(QWidget* parent = nullptr);

  void setInitImage(const QImage& image, const QString& source);
  void clearInitImage();
  bool hasInitImage() const { return !m_init.isNull(); }
  const QImage& initImage() const { return m_init; }

  // A mask of another size than the init image is refused (false).
  bool setMask(const QImage& mask);
  void clearMask();
  bool hasMask() const { return !m_mask.isNull(); }
  const QImage& mask() const { return m_mask; }
  // Opens the painter over the init image; its mask replaces this one on OK.
  void paintMask();
  // Opens the painter over `image` (Ctrl+I on a gallery image): only OK makes
  // it the init image with the painted mask; Esc leaves everything as it was.
  bool inpaint(const QImage& image, const QString& source);

  // What Generate will do, in one line for beside the button ("Text to
  // image", "img2img from seed 3 (64×64) · strength 0.75", "Inpainting …").
  QString modeText() const;

  // Init image, strength, mask and inpainting settings into the request
  // (none of them without an init image).
  void applyTo(GenerationRequest& request) const;
  // An img2img or inpainting image's strength and mask settings (restore);
  // the init image and mask stay as they are.
  void setSettingsFrom(const GenerationRequest& request);
  void save(QSettings& settings) const;
  void restore(const QSettings& settings);

 Q_SIGNALS:
  void useSelectedRequested();
  void initImageChanged(const QImage& image);  // null when cleared
  void modeChanged();  // the init image, the mask or the strength changed

 private:
  QLayout* buildInitRow();
  QLayout* buildMaskRows();
  void openFile();
  void showMaskState();

  QImage m_init;
  QImage m_mask;
  QLabel* m_thumb;
  QLabel* m_source;
  QString m_sourceText;  // where the init image came from
  QSlider* m_strength;
  QLabel* m_strengthValue;
  QPushButton* m_paint;
  QPushButton* m_clearMask;
  QSpinBox* m_maskBlur;
  QCheckBox* m_onlyMasked;
  QCheckBox* m_overlay;  // whole picture: paste the original back outside the mask
  QSpinBox* m_padding;
};

}  // namespace sd::ui
