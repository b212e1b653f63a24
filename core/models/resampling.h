#pragma once
// diffusers Downsample2D / Upsample2D (downsampling.py, upsampling.py) with
// a 3×3 conv, the variants SD uses.
#include <vector>

#include "core/nn/layers.h"

namespace sd {

// Halves H and W with a stride-2 3×3 conv. padding 1: the UNet's. padding 0:
// the VAE's, which first pads right and bottom by one (asymmetric), as
// diffusers does when padding == 0.
class Downsample2D : public Module {
 public:
  Downsample2D(int64_t channels, int64_t padding);
  at::Tensor operator()(const at::Tensor& x) const;  // [B, C, H, W] → [B, C, ⌈H/2⌉, ⌈W/2⌉]
  Conv2d conv;

 private:
  bool m_asymmetricPad;
};

// Nearest ×2 (or to `size`, the skip's H×W, when the latent size is not a
// multiple of the UNet's total down factor), then a 3×3 conv.
class Upsample2D : public Module {
 public:
  explicit Upsample2D(int64_t channels);
  at::Tensor operator()(const at::Tensor& x, const std::vector<int64_t>& size = {}) const;
  Conv2d conv;
};

}  // namespace sd
