#pragma once
// Pillow's Image.resize on 8-bit RGB, bit for bit, with the two filters the
// reference code uses: BICUBIC (CLIPImageProcessor, before CLIP sees an
// image) and LANCZOS (diffusers' VaeImageProcessor, on an init image).
#include "core/image/rgb_image.h"

namespace sd {

enum class PilFilter {
  Bicubic,  // Keys' cubic, a = −0.5, radius 2
  Lanczos,  // sinc(x)·sinc(x/3), radius 3
};

// Separable antialiased resampling (on downscale the kernel support widens
// by the scale factor), horizontal pass first, then vertical, each pass
// rounding and clamping to uint8 with Pillow's 22-bit fixed point. A 1×1
// source upscales to a flat image. Throws sd::Error on a non-positive target
// size or an empty source.
RgbImage pilResize(const RgbImage& image, int width, int height, PilFilter filter);
inline RgbImage pilResizeBicubic(const RgbImage& image, int width, int height) {
  return pilResize(image, width, height, PilFilter::Bicubic);
}

}  // namespace sd
