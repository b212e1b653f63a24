#pragma once
// Painting an inpainting mask over an image: the image fitted to the
// widget, the mask on top in translucent red (white in the mask = repaint,
// as A1111 and diffusers), a round brush that paints or erases, undo per
// stroke, invert and clear. The mask is a greyscale image at the image's
// own size, so a stroke means the same pixels whatever the zoom. With a
// preview blur the overlay shows the mask as the engine will use it
// (core/image/inpaint_mask.h's blurMask, A1111's mask blur).
#include <QImage>
#include <QVector>
#include <QWidget>

namespace sd::ui {

class MaskCanvas : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kUndoLimit = 50;

  explicit MaskCanvas(QWidget* parent = nullptr);

  // A new image starts with an empty mask (or `mask`, when it is the image's size).
  void setImage(const QImage& image, const QImage& mask = {});
  const QImage& image() const { return m_image; }
  QImage mask() const { return m_mask; }  // Format_Grayscale8, the image's size
  bool isEmpty() const;                    // nothing to repaint
  double coverage() const;                 // share of the image the mask covers (0–1)

  void setBrushSize(int pixels);  // diameter in image pixels
  int brushSize() const { return m_brush; }
  void setErasing(bool erasing);  // the left button erases (the right one always does)
  bool isErasing() const { return m_erasing; }
  void setPreviewBlur(int radius);  // 0: the mask as painted

  // Image coordinates for a point of the widget (outside the image: clamped).
  QPointF toImage(const QPointF& widgetPoint) const;
  QRectF imageRect() const;  // where the image is drawn

 public Q_SLOTS:
  void undo();
  void invert();
  void clear();

 Q_SIGNALS:
  void maskChanged();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  void pushUndo();
  void strokeTo(const QPointF& imagePoint);
  void refreshOverlay();

  QImage m_image;
  QImage m_mask;
  QImage m_overlay;  // red, alpha from the (optionally blurred) mask
  QVector<QImage> m_undo;
  int m_brush = 32;
  int m_previewBlur = 0;
  bool m_erasing = false;
  bool m_stroking = false;
  bool m_strokeErases = false;
  QPointF m_last;
  QPointF m_cursor{-1, -1};
};

}  // namespace sd::ui
