#pragma once
// RgbImage (core's plain RGB888 buffer) and GrayImage (its masks) ⇄ QImage.
#include <QImage>

#include "core/image/inpaint_mask.h"
#include "core/image/rgb_image.h"

namespace sd::ui {

QImage toQImage(const RgbImage& image);    // deep copy
RgbImage toRgbImage(const QImage& image);  // any format → RGB888, alpha dropped
QImage toQImage(const GrayImage& image);   // Format_Grayscale8
GrayImage toGrayImage(const QImage& image);  // any format → 8-bit grey

}  // namespace sd::ui
