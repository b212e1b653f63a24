#pragma once
// Conversions between RgbImage values and the pipeline's tensors.
#include "core/image/rgb_image.h"
#include "core/nn/aten.h"

namespace sd {

// VAE output [1, 3, H, W] in about [-1, 1] → 8-bit RGB exactly as diffusers
// post-processes: (x/2 + 0.5).clamp(0, 1), ×255 in float32, round half to even.
RgbImage decodedToImage(const at::Tensor& decoded);
// diffusers' image_float for comparisons: [1, H, W, 3] in [0, 1].
at::Tensor decodedToFloat(const at::Tensor& decoded);

// An init image resized to width×height → [1, 3, H, W] in [-1, 1] (float32, CPU).
at::Tensor imageToTensor(const RgbImage& image, int width, int height);

// A cheap preview of latents [1, 4, h, w] without the VAE: a fixed linear map
// from SD v1's 4 latent channels to RGB (h × w pixels).
RgbImage latentPreview(const at::Tensor& latents);

}  // namespace sd
