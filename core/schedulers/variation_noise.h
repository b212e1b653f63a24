#pragma once
// A1111's variation seeds ("Variation seed", "Variation seed strength"):
// the initial noise of an image is slerp(strength, noise(seed),
// noise(variation seed)), both drawn on the CPU from a generator seeded
// with that number. Matches modules/rng.py (slerp, ImageRNG.first) of
// AUTOMATIC1111/stable-diffusion-webui.
#include <cstdint>

#include "core/nn/aten.h"

namespace sd {

// A1111's slerp(val, low, high) on one image's noise [C, H, W], quirks
// included: the norms run over dim 1 (H), so the angle is one per (channel,
// column) and broadcast down the rows; when the mean cosine exceeds 0.9995
// it falls back to low·val + high·(1 − val) (the weights as A1111 wrote
// them, the reverse of a lerp). val = 0 gives `low`, val = 1 gives `high`.
at::Tensor slerpA1111(double val, const at::Tensor& low, const at::Tensor& high);

// One image's noise [1, C, H, W] (float32, CPU) blended with the noise a
// fresh CPU generator seeded `variationSeed` draws for the same shape.
// Strength 0 returns `noise` itself, untouched.
at::Tensor varyNoise(const at::Tensor& noise, uint64_t variationSeed, double strength);

}  // namespace sd
