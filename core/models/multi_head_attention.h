#pragma once
// diffusers Attention with AttnProcessor (attention_processor.py), the two
// shapes SD uses: the transformer blocks' self/cross attention (to_q/k/v
// without bias, heads from the config) and the VAE mid-block's spatial
// self-attention (biased q/k/v, one head of dim C, its own group_norm and a
// residual).
#include <optional>

#include "core/nn/layers.h"

namespace sd {

struct AttentionSpec {
  int64_t queryDim;
  int64_t contextDim;  // = queryDim for self-attention
  int64_t heads;
  int64_t headDim;
  bool qkvBias = false;
  int64_t normGroups = 0;  // > 0: group_norm before the projections (VAE)
  double normEps = 1e-6;
};

class MultiHeadAttention : public Module {
 public:
  explicit MultiHeadAttention(const AttentionSpec& spec);
  // x [B, T, queryDim], context [B, S, contextDim] (undefined: self-attention)
  // → [B, T, queryDim].
  at::Tensor operator()(const at::Tensor& x, const at::Tensor& context = {}) const;
  // The VAE form: x [B, C, H, W] → group_norm → attention over the H·W
  // positions → + x, [B, C, H, W].
  at::Tensor spatial(const at::Tensor& x) const;

  std::optional<GroupNorm> group_norm;
  Linear to_q, to_k, to_v;
  ModuleList<Linear> to_out;  // to_out.0; diffusers' to_out.1 is a dropout

 private:
  int64_t m_heads;
  double m_scale;
};

}  // namespace sd
