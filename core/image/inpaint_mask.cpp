#include "core/image/inpaint_mask.h"

#include <algorithm>
#include <cmath>

#include "core/image/pil_resize.h"
#include "core/util/error.h"

namespace sd {

GrayImage toGray(const RgbImage& image) {
  GrayImage gray{image.width, image.height, std::vector<uint8_t>(static_cast<std::size_t>(image.width) * image.height)};
  for (std::size_t i = 0; i < gray.pixels.size(); ++i) {
    const uint8_t* p = image.pixels.data() + i * 3;
    // Pillow's L24 fixed point (Convert.c): 0.299 R + 0.587 G + 0.114 B.
    gray.pixels[i] = static_cast<uint8_t>((p[0] * 19595u + p[1] * 38470u + p[2] * 7471u + 0x8000u) >> 16);
  }
  return gray;
}

RgbImage grayToRgb(const GrayImage& gray) {
  RgbImage rgb = RgbImage::blank(gray.width, gray.height);
  for (std::size_t i = 0; i < gray.pixels.size(); ++i)
    rgb.pixels[i * 3] = rgb.pixels[i * 3 + 1] = rgb.pixels[i * 3 + 2] = gray.pixels[i];
  return rgb;
}

GrayImage resizeGray(const GrayImage& gray, int width, int height) {
  if (gray.width == width && gray.height == height) return gray;  // Pillow returns a copy too
  const auto rgb = pilResize(grayToRgb(gray), width, height, PilFilter::Lanczos);
  GrayImage out{width, height, std::vector<uint8_t>(static_cast<std::size_t>(width) * height)};
  for (std::size_t i = 0; i < out.pixels.size(); ++i) out.pixels[i] = rgb.pixels[i * 3];
  return out;
}

namespace {

// OpenCV's BORDER_REFLECT_101 (… 2 1 | 0 1 2 … n−1 | n−2 …), repeated for
// kernels wider than the picture.
int reflect101(int i, int n) {
  if (n == 1) return 0;
  while (i < 0 || i >= n) i = i < 0 ? -i : 2 * (n - 1) - i;
  return i;
}

// One 1-D pass along x (horizontal) or y, in float, rounded to the nearest
// level: OpenCV's 8-bit fixed point agrees within one level.
GrayImage blurPass(const GrayImage& in, const std::vector<double>& kernel, bool horizontal) {
  GrayImage out = in;
  const int half = static_cast<int>(kernel.size() / 2);
  for (int y = 0; y < in.height; ++y)
    for (int x = 0; x < in.width; ++x) {
      double sum = 0;
      for (int k = -half; k <= half; ++k) {
        const int sx = horizontal ? reflect101(x + k, in.width) : x;
        const int sy = horizontal ? y : reflect101(y + k, in.height);
        sum += kernel[static_cast<std::size_t>(k + half)] * in.at(sx, sy);
      }
      out.pixels[static_cast<std::size_t>(y) * in.width + x] =
          static_cast<uint8_t>(std::clamp(std::lround(sum), 0L, 255L));
    }
  return out;
}

}  // namespace

GrayImage blurMask(const GrayImage& mask, int radius) {
  if (radius <= 0 || mask.pixels.empty()) return mask;
  // cv2.getGaussianKernel(2·int(2.5·r + 0.5) + 1, r), as A1111 calls it.
  const int size = 2 * static_cast<int>(2.5 * radius + 0.5) + 1;
  std::vector<double> kernel(static_cast<std::size_t>(size));
  double total = 0;
  for (int i = 0; i < size; ++i) {
    const double d = i - (size - 1) / 2.0;
    total += kernel[static_cast<std::size_t>(i)] = std::exp(-d * d / (2.0 * radius * radius));
  }
  for (auto& k : kernel) k /= total;
  return blurPass(blurPass(mask, kernel, true), kernel, false);
}

std::optional<CropRegion> maskCropRegion(const GrayImage& mask, int padding) {
  int left = mask.width, top = mask.height, right = -1, bottom = -1;
  for (int y = 0; y < mask.height; ++y)
    for (int x = 0; x < mask.width; ++x)
      if (mask.at(x, y) != 0) {
        left = std::min(left, x), right = std::max(right, x);
        top = std::min(top, y), bottom = std::max(bottom, y);
      }
  if (right < 0) return std::nullopt;
  return CropRegion{std::max(left - padding, 0), std::max(top - padding, 0), std::min(right + 1 + padding, mask.width),
                    std::min(bottom + 1 + padding, mask.height)};
}

namespace {

// One axis of expand_crop_region: grow [lo, hi) by `diff` (half before,
// the rest after), then push it back inside [0, limit) and clip.
void growAxis(int& lo, int& hi, int diff, int limit) {
  // Python's // floors; diff ≥ 0 here, so integer division agrees.
  lo -= diff / 2;
  hi += diff - diff / 2;
  if (hi >= limit) {
    const int over = hi - limit;
    hi -= over;
    lo -= over;
  }
  if (lo < 0) {
    hi -= lo;
    lo = 0;
  }
  if (hi >= limit) hi = limit;
}

}  // namespace

CropRegion expandCropRegion(CropRegion r, int renderWidth, int renderHeight, int imageWidth, int imageHeight) {
  const double ratioCrop = static_cast<double>(r.width()) / r.height();
  const double ratioRender = static_cast<double>(renderWidth) / renderHeight;
  if (ratioCrop > ratioRender) {
    const double desiredHeight = r.width() / ratioRender;
    growAxis(r.y1, r.y2, static_cast<int>(desiredHeight - r.height()), imageHeight);
  } else {
    const double desiredWidth = r.height() * ratioRender;
    growAxis(r.x1, r.x2, static_cast<int>(desiredWidth - r.width()), imageWidth);
  }
  return r;
}

RgbImage cropImage(const RgbImage& image, const CropRegion& r) {
  if (r.x1 < 0 || r.y1 < 0 || r.x2 > image.width || r.y2 > image.height || r.width() <= 0 || r.height() <= 0)
    throw Error("crop region outside the image");
  RgbImage out = RgbImage::blank(r.width(), r.height());
  for (int y = 0; y < r.height(); ++y)
    std::copy_n(image.row(r.y1 + y) + static_cast<std::size_t>(r.x1) * 3, static_cast<std::size_t>(r.width()) * 3,
                out.row(y));
  return out;
}

GrayImage cropGray(const GrayImage& image, const CropRegion& r) {
  const auto rgb = cropImage(grayToRgb(image), r);
  GrayImage out{rgb.width, rgb.height, std::vector<uint8_t>(static_cast<std::size_t>(rgb.width) * rgb.height)};
  for (std::size_t i = 0; i < out.pixels.size(); ++i) out.pixels[i] = rgb.pixels[i * 3];
  return out;
}

RgbImage pasteWithMask(const RgbImage& original, const RgbImage& patch, const CropRegion& r, const GrayImage& mask) {
  if (patch.width != r.width() || patch.height != r.height() || mask.width != original.width ||
      mask.height != original.height)
    throw Error("inpaint paste: the patch or the mask does not fit the picture");
  RgbImage out = original;
  for (int y = r.y1; y < r.y2; ++y)
    for (int x = r.x1; x < r.x2; ++x) {
      const double m = mask.at(x, y) / 255.0;
      uint8_t* o = out.row(y) + static_cast<std::size_t>(x) * 3;
      const uint8_t* p = patch.row(y - r.y1) + static_cast<std::size_t>(x - r.x1) * 3;
      for (int c = 0; c < 3; ++c) o[c] = static_cast<uint8_t>(std::lround(m * p[c] + (1 - m) * o[c]));
    }
  return out;
}

}  // namespace sd
