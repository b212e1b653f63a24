#pragma once
// RgbImage (core's plain RGB888 buffer) ⇄ QImage.
#include <QImage>

#include "core/image/rgb_image.h"

namespace sd::ui {

QImage toQImage(const RgbImage& image);    // deep copy
RgbImage toRgbImage(const QImage& image);  // any format → RGB888, alpha dropped

}  // namespace sd::ui
