#pragma once
// The UNet's down, mid and up blocks (diffusers unets/unet_2d_blocks.py):
// CrossAttnDownBlock2D / DownBlock2D, UNetMidBlock2DCrossAttn and
// UpBlock2D / CrossAttnUpBlock2D. The cross-attention and plain variants
// differ only by the Transformer2DModel after each resnet.
#include <vector>

#include "core/models/resampling.h"
#include "core/models/resnet_block.h"
#include "core/models/transformer_2d.h"

namespace sd {

struct UNetBlockSpec {
  int64_t inChannels;
  int64_t outChannels;
  int64_t prevOutputChannels = 0;  // up blocks: channels arriving from the block below
  int64_t tembChannels;
  int64_t layers;
  int64_t groups;
  double eps;
  double outputScaleFactor = 1.0;
  bool crossAttention;  // a Transformer2DModel after each resnet
  bool resample;        // downsampler / upsampler at the end
  int64_t downsamplePadding = 1;
  TransformerSpec transformer;  // channels are filled in per block
};

// x [B, Cin, H, W] → [B, Cout, H/2, W/2] (H, W without a downsampler);
// appends each resnet's (and the downsampler's) output to `skips`.
class UNetDownBlock : public Module {
 public:
  explicit UNetDownBlock(const UNetBlockSpec& spec);
  at::Tensor operator()(at::Tensor x, const at::Tensor& temb, const at::Tensor& context,
                        std::vector<at::Tensor>& skips) const;

  ModuleList<Transformer2DModel> attentions;
  ModuleList<ResnetBlock2D> resnets;
  ModuleList<Downsample2D> downsamplers;
};

// resnet → (transformer → resnet)×layers, [B, C, h, w] → same shape.
class UNetMidBlockCrossAttn : public Module {
 public:
  explicit UNetMidBlockCrossAttn(const UNetBlockSpec& spec);
  at::Tensor operator()(at::Tensor x, const at::Tensor& temb, const at::Tensor& context) const;

  ModuleList<Transformer2DModel> attentions;
  ModuleList<ResnetBlock2D> resnets;
};

// Each resnet eats cat([x, skips.back()], 1) and pops that skip.
// x [B, Cprev, h, w] → [B, Cout, 2h, 2w] (or `upsampleSize`, or h, w
// without an upsampler).
class UNetUpBlock : public Module {
 public:
  explicit UNetUpBlock(const UNetBlockSpec& spec);
  at::Tensor operator()(at::Tensor x, const at::Tensor& temb, const at::Tensor& context,
                        std::vector<at::Tensor>& skips, const std::vector<int64_t>& upsampleSize) const;

  ModuleList<Transformer2DModel> attentions;
  ModuleList<ResnetBlock2D> resnets;
  ModuleList<Upsample2D> upsamplers;
};

}  // namespace sd
