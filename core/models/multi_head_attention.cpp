#include "core/models/multi_head_attention.h"

#include <cmath>

#include "core/nn/attention.h"
#include "core/nn/aten.h"
#include "core/util/error.h"

namespace sd {

MultiHeadAttention::MultiHeadAttention(const AttentionSpec& s)
    : to_q(s.queryDim, s.heads * s.headDim, s.qkvBias),
      to_k(s.contextDim, s.heads * s.headDim, s.qkvBias),
      to_v(s.contextDim, s.heads * s.headDim, s.qkvBias),
      m_heads(s.heads),
      m_scale(1.0 / std::sqrt(static_cast<double>(s.headDim))) {
  if (s.normGroups > 0) registerModule("group_norm", group_norm.emplace(s.normGroups, s.queryDim, s.normEps));
  registerModule("to_q", to_q);
  registerModule("to_k", to_k);
  registerModule("to_v", to_v);
  registerModule("to_out", to_out);
  to_out.append(std::make_unique<Linear>(s.heads * s.headDim, s.queryDim));
}

at::Tensor MultiHeadAttention::operator()(const at::Tensor& x, const at::Tensor& context) const {
  const auto& kv = context.defined() ? context : x;
  const auto q = splitHeads(to_q(x), m_heads);  // [B, H, T, D]
  const auto k = splitHeads(to_k(kv), m_heads);  // [B, H, S, D]
  const auto v = splitHeads(to_v(kv), m_heads);
  return to_out[0](mergeHeads(attention(q, k, v, {}, m_scale)));
}

at::Tensor MultiHeadAttention::spatial(const at::Tensor& x) const {
  if (x.dim() != 4) throw Error("attention: spatial input must be [B, C, H, W]");
  const int64_t b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
  auto tokens = group_norm ? (*group_norm)(x) : x;
  tokens = tokens.reshape({b, c, h * w}).transpose(1, 2);  // [B, H·W, C]
  const auto out = (*this)(tokens).transpose(1, 2).reshape({b, c, h, w});
  return out + x;
}

}  // namespace sd
