#include "ui/widgets/mask_canvas.h"

#include <QMouseEvent>
#include <QPainter>

#include "core/image/inpaint_mask.h"
#include "ui/painting/image_convert.h"

namespace sd::ui {

namespace {

QImage emptyMask(QSize size) {
  QImage mask(size, QImage::Format_Grayscale8);
  mask.fill(0);
  return mask;
}

}  // namespace

MaskCanvas::MaskCanvas(QWidget* parent) : QWidget(parent) {
  setObjectName("maskCanvas");
  setMouseTracking(true);  // the brush outline follows the pointer
  setMinimumSize(256, 256);
  setCursor(Qt::CrossCursor);
}

void MaskCanvas::setImage(const QImage& image, const QImage& mask) {
  m_image = image.convertToFormat(QImage::Format_RGB888);
  m_mask = mask.size() == m_image.size() ? mask.convertToFormat(QImage::Format_Grayscale8) : emptyMask(m_image.size());
  m_undo.clear();
  refreshOverlay();
}

bool MaskCanvas::isEmpty() const { return coverage() == 0; }

double MaskCanvas::coverage() const {
  if (m_mask.isNull()) return 0;
  qint64 painted = 0;
  for (int y = 0; y < m_mask.height(); ++y) {
    const uchar* row = m_mask.constScanLine(y);
    for (int x = 0; x < m_mask.width(); ++x) painted += row[x] >= 128;  // diffusers' binarisation
  }
  return double(painted) / (qint64(m_mask.width()) * m_mask.height());
}

void MaskCanvas::setBrushSize(int pixels) {
  m_brush = qBound(1, pixels, 1024);
  update();
}

void MaskCanvas::setErasing(bool erasing) { m_erasing = erasing; }

void MaskCanvas::setPreviewBlur(int radius) {
  m_previewBlur = qMax(0, radius);
  refreshOverlay();
}

QRectF MaskCanvas::imageRect() const {
  if (m_image.isNull()) return {};
  const QSizeF fitted = QSizeF(m_image.size()).scaled(QSizeF(size()), Qt::KeepAspectRatio);
  return {QPointF((width() - fitted.width()) / 2, (height() - fitted.height()) / 2), fitted};
}

QPointF MaskCanvas::toImage(const QPointF& p) const {
  const QRectF r = imageRect();
  if (r.isEmpty()) return {};
  const double scale = m_image.width() / r.width();
  return {qBound(0.0, (p.x() - r.left()) * scale, double(m_image.width())),
          qBound(0.0, (p.y() - r.top()) * scale, double(m_image.height()))};
}

void MaskCanvas::pushUndo() {
  m_undo.push_back(m_mask);
  if (m_undo.size() > kUndoLimit) m_undo.removeFirst();
}

void MaskCanvas::undo() {
  if (m_undo.isEmpty()) return;
  m_mask = m_undo.takeLast();
  refreshOverlay();
  Q_EMIT maskChanged();
}

void MaskCanvas::invert() {
  if (m_mask.isNull()) return;
  pushUndo();
  m_mask.invertPixels();
  refreshOverlay();
  Q_EMIT maskChanged();
}

void MaskCanvas::clear() {
  if (m_mask.isNull() || isEmpty()) return;
  pushUndo();
  m_mask.fill(0);
  refreshOverlay();
  Q_EMIT maskChanged();
}

// A round brush without antialiasing: the mask stays black and white as
// painted; softness is the mask blur's job, which the preview shows.
void MaskCanvas::strokeTo(const QPointF& to) {
  QPainter painter(&m_mask);
  const QColor ink = m_strokeErases ? Qt::black : Qt::white;
  painter.setPen(QPen(ink, m_brush, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  if (to == m_last) {
    painter.setPen(Qt::NoPen);
    painter.setBrush(ink);
    painter.drawEllipse(to, m_brush / 2.0, m_brush / 2.0);
  } else {
    painter.drawLine(m_last, to);
  }
  m_last = to;
}

void MaskCanvas::mousePressEvent(QMouseEvent* event) {
  if (m_mask.isNull() || (event->button() != Qt::LeftButton && event->button() != Qt::RightButton)) return;
  pushUndo();
  m_stroking = true;
  m_strokeErases = m_erasing || event->button() == Qt::RightButton;
  m_last = toImage(event->position());
  strokeTo(m_last);
  refreshOverlay();
}

void MaskCanvas::mouseMoveEvent(QMouseEvent* event) {
  m_cursor = event->position();
  if (m_stroking) {
    strokeTo(toImage(event->position()));
    refreshOverlay();
  } else {
    update();
  }
}

void MaskCanvas::mouseReleaseEvent(QMouseEvent*) {
  if (!m_stroking) return;
  m_stroking = false;
  refreshOverlay();  // now with the preview blur
  Q_EMIT maskChanged();
}

void MaskCanvas::leaveEvent(QEvent*) {
  m_cursor = {-1, -1};
  update();
}

void MaskCanvas::refreshOverlay() {
  if (m_mask.isNull()) {
    m_overlay = {};
  } else {
    // While a stroke runs the blur would lag the pointer: show it when the stroke ends.
    const QImage shown =
        m_previewBlur > 0 && !m_stroking ? toQImage(blurMask(toGrayImage(m_mask), m_previewBlur)) : m_mask;
    m_overlay = QImage(shown.size(), QImage::Format_ARGB32_Premultiplied);
    m_overlay.fill(QColor(230, 40, 40));
    m_overlay.setAlphaChannel(shown);
  }
  update();
}

void MaskCanvas::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().window());
  if (m_image.isNull()) return;
  const QRectF target = imageRect();
  painter.setRenderHint(QPainter::SmoothPixmapTransform);
  painter.drawImage(target, m_image);
  painter.setOpacity(0.55);
  painter.drawImage(target, m_overlay);
  painter.setOpacity(1);
  if (m_cursor.x() >= 0 && target.contains(m_cursor)) {
    const double radius = m_brush / 2.0 * target.width() / m_image.width();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(Qt::white, 1.5));
    painter.drawEllipse(m_cursor, radius, radius);
    painter.setPen(QPen(Qt::black, 1, Qt::DashLine));
    painter.drawEllipse(m_cursor, radius, radius);
  }
}

}  // namespace sd::ui
