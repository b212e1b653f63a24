#pragma once
// diffusers autoencoders/vae.py Encoder: conv_in → DownEncoderBlock2D per
// level → mid block → GroupNorm → SiLU → conv_out to 2·latent channels
// (mean and logvar, "double_z").
#include "core/models/activation_trace.h"
#include "core/models/model_config.h"
#include "core/models/vae_blocks.h"

namespace sd {

class VaeEncoder : public Module {
 public:
  VaeEncoder(const VaeConfig& config, double normEps);
  // image [B, in, H, W] → [B, 2·latent, H/f, W/f], f = 2^(levels − 1).
  // Traces "encoder.down_blocks.i", "encoder.mid_block", "encoder.conv_out".
  at::Tensor operator()(const at::Tensor& image, ActivationTrace* trace = nullptr) const;

  Conv2d conv_in;
  ModuleList<VaeDownBlock> down_blocks;
  VaeMidBlock mid_block;
  GroupNorm conv_norm_out;
  Conv2d conv_out;
};

}  // namespace sd
