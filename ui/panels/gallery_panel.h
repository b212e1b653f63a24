#pragma once
#include <QWidget>

namespace sd::ui {

// Every image with its CLIP probability bars.
class GalleryPanel : public QWidget {
  Q_OBJECT
 public:
  explicit GalleryPanel(QWidget* parent = nullptr);
};

}  // namespace sd::ui
