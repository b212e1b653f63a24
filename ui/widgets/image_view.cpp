#include "ui/widgets/image_view.h"

#include <QPainter>

namespace sd::ui {

namespace {
constexpr int kCaptionHeight = 22;
}

ImageView::ImageView(QWidget* parent) : QWidget(parent) {
  setMinimumSize(160, 160);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ImageView::setImage(const QImage& image) {
  m_image = image;
  update();
}

void ImageView::setCaption(const QString& caption) {
  m_caption = caption;
  setToolTip(caption);
  update();
}

void ImageView::setPlaceholder(const QString& text) {
  m_placeholder = text;
  update();
}

QRect ImageView::imageRect() const {
  QRect area = rect().adjusted(6, 6, -6, -6 - (m_caption.isEmpty() ? 0 : kCaptionHeight));
  if (m_image.isNull() || area.isEmpty()) return {};
  const QSize size = m_image.size().scaled(area.size(), Qt::KeepAspectRatio);
  return QRect(area.left() + (area.width() - size.width()) / 2, area.top() + (area.height() - size.height()) / 2,
               size.width(), size.height());
}

void ImageView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().color(QPalette::Base).darker(104));
  if (m_image.isNull()) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
  } else {
    painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    painter.drawImage(imageRect(), m_image);
  }
  if (!m_caption.isEmpty()) {
    painter.setPen(palette().color(QPalette::Text));
    // Elided at the end where the pane is narrow (centred text wider than
    // the pane was cut at both ends); the whole caption is the tooltip.
    const QRect area(6, height() - kCaptionHeight - 4, width() - 12, kCaptionHeight);
    painter.drawText(area, Qt::AlignCenter, painter.fontMetrics().elidedText(m_caption, Qt::ElideRight, area.width()));
  }
}

}  // namespace sd::ui
