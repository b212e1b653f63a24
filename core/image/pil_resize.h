#pragma once
// Pillow's Image.resize(size, Image.BICUBIC) on 8-bit RGB, bit for bit: the
// resize CLIPImageProcessor runs (through PIL) before CLIP sees an image.
#include "core/image/rgb_image.h"

namespace sd {

// Separable antialiased bicubic (a = −0.5; on downscale the kernel support
// widens by the scale factor), horizontal pass first, then vertical, each
// pass rounding and clamping to uint8 with Pillow's 22-bit fixed point.
// A 1×1 source upscales to a flat image. Throws sd::Error on a non-positive
// target size or an empty source.
RgbImage pilResizeBicubic(const RgbImage& image, int width, int height);

}  // namespace sd
