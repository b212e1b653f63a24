#pragma once
// diffusers autoencoders/vae.py Decoder: conv_in → mid block →
// UpDecoderBlock2D per level (widest first, layers_per_block + 1 resnets)
// → GroupNorm → SiLU → conv_out.
#include "core/models/activation_trace.h"
#include "core/models/model_config.h"
#include "core/models/vae_blocks.h"

namespace sd {

class VaeDecoder : public Module {
 public:
  VaeDecoder(const VaeConfig& config, double normEps);
  // z [B, latent, h, w] → [B, out, h·f, w·f], f = 2^(levels − 1).
  // Traces "decoder.conv_in", "decoder.mid_block", "decoder.up_blocks.i".
  at::Tensor operator()(const at::Tensor& z, ActivationTrace* trace = nullptr) const;

  Conv2d conv_in;
  VaeMidBlock mid_block;
  ModuleList<VaeUpBlock> up_blocks;
  GroupNorm conv_norm_out;
  Conv2d conv_out;
};

}  // namespace sd
