#pragma once
// diffusers Transformer2DModel with continuous input and its
// BasicTransformerBlock (transformers/transformer_2d.py, attention.py), as
// the SD UNet uses them: GroupNorm (eps 1e-6) → proj_in (1×1 conv, or a
// Linear with use_linear_projection) → blocks → proj_out → + residual.
#include <optional>

#include "core/models/multi_head_attention.h"

namespace sd {

struct TransformerSpec {
  int64_t channels;  // in = out channels of the block
  int64_t heads;
  int64_t headDim;
  int64_t crossAttentionDim;
  int64_t layers = 1;
  int64_t normGroups;
  double groupNormEps = 1e-6;  // Transformer2DModel's own GroupNorm
  double layerNormEps = 1e-5;  // BasicTransformerBlock's norm1/2/3
  bool useLinearProjection = false;
};

// FeedForward with GEGLU: proj(C → 2·4C) splits into h, gate; h·gelu(gate)
// (exact erf GELU); then Linear(4C → C). Keys net.0.proj, net.2.
class GegluFeedForward : public Module {
 public:
  explicit GegluFeedForward(int64_t dim, int64_t mult = 4);
  at::Tensor operator()(const at::Tensor& x) const;

 private:
  class Geglu : public Module {
   public:
    Geglu(int64_t in, int64_t out) : proj(in, 2 * out) { registerModule("proj", proj); }
    Linear proj;
  };
  ModuleList<Module> m_net;  // 0: Geglu, 1: dropout (no weights), 2: Linear
  Geglu* m_geglu;
  Linear* m_out;
};

class BasicTransformerBlock : public Module {
 public:
  explicit BasicTransformerBlock(const TransformerSpec& spec);
  // x [B, T, C], context [B, S, crossAttentionDim] → [B, T, C].
  at::Tensor operator()(const at::Tensor& x, const at::Tensor& context) const;

  LayerNorm norm1;
  MultiHeadAttention attn1;  // self
  LayerNorm norm2;
  MultiHeadAttention attn2;  // cross: K, V from the text states
  LayerNorm norm3;
  GegluFeedForward ff;
};

class Transformer2DModel : public Module {
 public:
  explicit Transformer2DModel(const TransformerSpec& spec);
  // x [B, C, H, W], context [B, S, crossAttentionDim] → [B, C, H, W].
  at::Tensor operator()(const at::Tensor& x, const at::Tensor& context) const;

  GroupNorm norm;
  ModuleList<BasicTransformerBlock> transformer_blocks;

 private:
  // A 1×1 conv (SD 1.x) or a Linear (use_linear_projection, SD 2.x).
  std::optional<Conv2d> m_convIn, m_convOut;
  std::optional<Linear> m_linearIn, m_linearOut;
};

}  // namespace sd
