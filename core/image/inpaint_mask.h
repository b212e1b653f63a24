#pragma once
// Inpainting masks in pixel space, no torch: grey conversion, A1111's mask
// blur, and the geometry of A1111's "Inpaint area: Only masked" (the crop
// around the mask, widened to the render's aspect ratio, and the paste back).
// White (≥ 128 after diffusers' binarisation) = repaint, as in A1111 and
// diffusers.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/image/rgb_image.h"

namespace sd {

struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // row-major, width*height bytes
  uint8_t at(int x, int y) const { return pixels[static_cast<std::size_t>(y) * width + x]; }
};

// Pillow's convert("L"): ITU-R 601-2 luma in its fixed point.
GrayImage toGray(const RgbImage& image);
RgbImage grayToRgb(const GrayImage& gray);
// Pillow's LANCZOS resize of a grey picture (diffusers' mask_processor).
GrayImage resizeGray(const GrayImage& gray, int width, int height);

// A1111's mask blur (modules/processing.py, StableDiffusionProcessingImg2Img):
// cv2.GaussianBlur horizontally then vertically with sigma = radius and a
// kernel of 2·int(2.5·radius + 0.5) + 1 taps, borders reflected as OpenCV's
// BORDER_REFLECT_101. Radius 0 returns the mask unchanged.
GrayImage blurMask(const GrayImage& mask, int radius);

// A rectangle [x1, x2) × [y1, y2), as A1111's crop_region tuples.
struct CropRegion {
  int x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  int width() const { return x2 - x1; }
  int height() const { return y2 - y1; }
  bool operator==(const CropRegion&) const = default;
};

// A1111's masking.get_crop_region: the box of the non-zero pixels grown by
// `padding` on each side and clipped to the picture; nullopt when the mask
// is all zero (nothing to repaint).
std::optional<CropRegion> maskCropRegion(const GrayImage& mask, int padding);
// A1111's masking.expand_crop_region: widens the box (about its centre) to
// the aspect ratio of the render, shifted back inside the picture and
// clipped where the picture is too small.
CropRegion expandCropRegion(CropRegion region, int renderWidth, int renderHeight, int imageWidth, int imageHeight);

RgbImage cropImage(const RgbImage& image, const CropRegion& region);
GrayImage cropGray(const GrayImage& image, const CropRegion& region);

// A1111's apply_overlay for "Only masked": `patch` (the render, already
// scaled to the region's size) pasted at the region, composited with the
// blurred mask as alpha over the original: out = m·patch + (1 − m)·original.
RgbImage pasteWithMask(const RgbImage& original, const RgbImage& patch, const CropRegion& region,
                       const GrayImage& mask);

}  // namespace sd
