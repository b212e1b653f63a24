#pragma once
// Shows one image as large as the widget allows, aspect kept, scaled
// smoothly (the 8×-small latent previews too), with an optional caption.
#include <QImage>
#include <QWidget>

namespace sd::ui {

class ImageView : public QWidget {
  Q_OBJECT
 public:
  explicit ImageView(QWidget* parent = nullptr);

  void setImage(const QImage& image);
  const QImage& image() const { return m_image; }
  void setCaption(const QString& caption);
  QString caption() const { return m_caption; }
  void setPlaceholder(const QString& text);
  QRect imageRect() const;  // where the image is drawn

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  QImage m_image;
  QString m_caption;
  QString m_placeholder;
};

}  // namespace sd::ui
