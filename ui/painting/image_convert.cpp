#include "ui/painting/image_convert.h"

#include <cstring>

namespace sd::ui {

QImage toQImage(const RgbImage& image) {
  if (image.empty()) return {};
  QImage out(image.width, image.height, QImage::Format_RGB888);
  const int rowBytes = image.width * 3;
  for (int y = 0; y < image.height; ++y) std::memcpy(out.scanLine(y), image.row(y), rowBytes);
  return out;
}

RgbImage toRgbImage(const QImage& image) {
  if (image.isNull()) return {};
  const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
  RgbImage out = RgbImage::blank(rgb.width(), rgb.height());
  const int rowBytes = rgb.width() * 3;
  for (int y = 0; y < rgb.height(); ++y) std::memcpy(out.row(y), rgb.constScanLine(y), rowBytes);
  return out;
}

QImage toQImage(const GrayImage& image) {
  if (image.pixels.empty()) return {};
  QImage out(image.width, image.height, QImage::Format_Grayscale8);
  for (int y = 0; y < image.height; ++y)
    std::memcpy(out.scanLine(y), &image.pixels[std::size_t(y) * image.width], image.width);
  return out;
}

GrayImage toGrayImage(const QImage& image) {
  if (image.isNull()) return {};
  const QImage grey = image.convertToFormat(QImage::Format_Grayscale8);
  GrayImage out;
  out.width = grey.width();
  out.height = grey.height();
  out.pixels.resize(std::size_t(out.width) * out.height);
  for (int y = 0; y < out.height; ++y)
    std::memcpy(&out.pixels[std::size_t(y) * out.width], grey.constScanLine(y), out.width);
  return out;
}

}  // namespace sd::ui
