#pragma once
// diffusers UNet2DConditionModel (unets/unet_2d_condition.py), the SD 1.x/2.x
// subset: sinusoidal time embedding, conv_in, down blocks, cross-attention
// mid block, up blocks with skip concatenation, GroupNorm → SiLU → conv_out.
#include "core/models/activation_trace.h"
#include "core/models/model_config.h"
#include "core/models/timestep_embedding.h"
#include "core/models/unet_blocks.h"

namespace sd {

class UNet2DConditionModel : public Module {
 public:
  explicit UNet2DConditionModel(const UNetConfig& config);

  // sample [B, in, h, w]; timestep 0-d, [1] or [B], int64 or float;
  // encoderHiddenStates [B, S, cross_attention_dim] → noise_pred
  // [B, out, h, w] in the sample's dtype. With `trace`, records time_proj,
  // time_embedding, conv_in, down_blocks.i, mid_block, up_blocks.i and
  // conv_norm_out as diffusers' hooks see them.
  at::Tensor forward(const at::Tensor& sample, const at::Tensor& timestep, const at::Tensor& encoderHiddenStates,
                     ActivationTrace* trace = nullptr) const;

  const UNetConfig& config() const { return m_config; }

  TimestepEmbedding time_embedding;
  Conv2d conv_in;
  ModuleList<UNetDownBlock> down_blocks;
  UNetMidBlockCrossAttn mid_block;
  ModuleList<UNetUpBlock> up_blocks;
  GroupNorm conv_norm_out;
  Conv2d conv_out;

 private:
  at::Tensor timeEmbedding(const at::Tensor& timestep, const at::Tensor& sample, ActivationTrace* trace) const;
  void checkInputs(const at::Tensor& sample, const at::Tensor& encoderHiddenStates) const;

  UNetConfig m_config;
  TimestepProjectionSpec m_timeProj;
  int64_t m_upFactor;  // 2^(number of upsamplers): sizes not divisible by it need explicit upsample sizes
};

}  // namespace sd
