#pragma once
// Paint mask…: the inpainting mask painted over the init image (A1111's
// inpaint sketch, InvokeAI's mask brush). A brush and an eraser with a size,
// invert, clear, undo (Ctrl+Z), and a preview of the mask blurred as the
// render will blur it. The right mouse button always erases; [ and ] change
// the brush size. The brush size is remembered.
#include <QDialog>
#include <QImage>

class QLabel;
class QRadioButton;
class QSpinBox;

namespace sd::ui {

class MaskCanvas;

class MaskPainterDialog : public QDialog {
  Q_OBJECT
 public:
  // `mask`: the mask so far (kept when it is the image's size); `blur`: the
  // request's mask blur, which the preview shows.
  MaskPainterDialog(const QImage& image, const QImage& mask, int blur, QWidget* parent = nullptr);

  QImage mask() const;  // Format_Grayscale8, the image's size
  MaskCanvas* canvas() const { return m_canvas; }

 protected:
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void showCoverage();

  MaskCanvas* m_canvas;
  QSpinBox* m_size;
  QRadioButton* m_eraser;
  QLabel* m_coverage;
};

}  // namespace sd::ui
