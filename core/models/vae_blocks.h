#pragma once
// The VAE's blocks (diffusers unets/unet_2d_blocks.py): DownEncoderBlock2D,
// UpDecoderBlock2D and UNetMidBlock2D (resnet → spatial self-attention →
// resnet). No time embedding; every GroupNorm uses the VAE's eps.
#include "core/models/multi_head_attention.h"
#include "core/models/resampling.h"
#include "core/models/resnet_block.h"

namespace sd {

struct VaeBlockSpec {
  int64_t inChannels;
  int64_t outChannels;
  int64_t layers;
  int64_t groups;
  double eps;
  bool resample;  // downsampler / upsampler at the end
};

// [B, Cin, H, W] → [B, Cout, ⌈H/2⌉, ⌈W/2⌉] (asymmetric-pad downsampler).
class VaeDownBlock : public Module {
 public:
  explicit VaeDownBlock(const VaeBlockSpec& spec);
  at::Tensor operator()(at::Tensor x) const;
  ModuleList<ResnetBlock2D> resnets;
  ModuleList<Downsample2D> downsamplers;
};

// [B, Cin, H, W] → [B, Cout, 2H, 2W].
class VaeUpBlock : public Module {
 public:
  explicit VaeUpBlock(const VaeBlockSpec& spec);
  at::Tensor operator()(at::Tensor x) const;
  ModuleList<ResnetBlock2D> resnets;
  ModuleList<Upsample2D> upsamplers;
};

// [B, C, H, W] → same shape. The attention has one head of dim C.
class VaeMidBlock : public Module {
 public:
  VaeMidBlock(int64_t channels, int64_t groups, double eps);
  at::Tensor operator()(at::Tensor x) const;
  ModuleList<MultiHeadAttention> attentions;
  ModuleList<ResnetBlock2D> resnets;
};

}  // namespace sd
