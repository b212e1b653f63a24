#pragma once
// diffusers ResnetBlock2D (resnet.py, time_embedding_norm "default"), shared
// by the UNet (with a time embedding, eps = norm_eps) and the VAE (no time
// embedding, eps 1e-6).
#include <optional>

#include "core/nn/layers.h"

namespace sd {

struct ResnetSpec {
  int64_t inChannels;
  int64_t outChannels;
  int64_t tembChannels;  // 0: no time_emb_proj (VAE)
  int64_t groups;
  double eps;
  double outputScaleFactor = 1.0;
};

class ResnetBlock2D : public Module {
 public:
  explicit ResnetBlock2D(const ResnetSpec& spec);
  // x [B, Cin, H, W], temb [B, T] or undefined → [B, Cout, H, W].
  at::Tensor operator()(const at::Tensor& x, const at::Tensor& temb = {}) const;

  GroupNorm norm1;
  Conv2d conv1;
  std::optional<Linear> time_emb_proj;
  GroupNorm norm2;
  Conv2d conv2;
  std::optional<Conv2d> conv_shortcut;  // 1×1 when the channel count changes

 private:
  double m_outputScaleFactor;
};

}  // namespace sd
