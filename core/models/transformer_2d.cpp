#include "core/models/transformer_2d.h"

#include "core/nn/aten.h"
#include <ATen/ops/gelu.h>

#include "core/util/interruption.h"

namespace sd {

namespace {

AttentionSpec selfAttention(const TransformerSpec& s) {
  return {s.channels, s.channels, s.heads, s.headDim};
}

AttentionSpec crossAttention(const TransformerSpec& s) {
  return {s.channels, s.crossAttentionDim, s.heads, s.headDim};
}

}  // namespace

GegluFeedForward::GegluFeedForward(int64_t dim, int64_t mult) {
  registerModule("net", m_net);
  m_geglu = static_cast<Geglu*>(&m_net.append(std::make_unique<Geglu>(dim, dim * mult)));
  m_net.append(std::make_unique<Module>());  // dropout
  m_out = static_cast<Linear*>(&m_net.append(std::make_unique<Linear>(dim * mult, dim)));
}

at::Tensor GegluFeedForward::operator()(const at::Tensor& x) const {
  const auto parts = m_geglu->proj(x).chunk(2, -1);
  return (*m_out)(parts[0] * at::gelu(parts[1]));
}

BasicTransformerBlock::BasicTransformerBlock(const TransformerSpec& s)
    : norm1(s.channels, s.layerNormEps),
      attn1(selfAttention(s)),
      norm2(s.channels, s.layerNormEps),
      attn2(crossAttention(s)),
      norm3(s.channels, s.layerNormEps),
      ff(s.channels) {
  registerModule("norm1", norm1);
  registerModule("attn1", attn1);
  registerModule("norm2", norm2);
  registerModule("attn2", attn2);
  registerModule("norm3", norm3);
  registerModule("ff", ff);
}

at::Tensor BasicTransformerBlock::operator()(const at::Tensor& x, const at::Tensor& context) const {
  interruptionPoint();
  auto h = x + attn1(norm1(x));
  interruptionPoint();
  h = h + attn2(norm2(h), context);
  interruptionPoint();
  return h + ff(norm3(h));
}

Transformer2DModel::Transformer2DModel(const TransformerSpec& s) : norm(s.normGroups, s.channels, s.groupNormEps) {
  const int64_t inner = s.heads * s.headDim;
  registerModule("norm", norm);
  if (s.useLinearProjection) {
    registerModule("proj_in", m_linearIn.emplace(s.channels, inner));
  } else {
    registerModule("proj_in", m_convIn.emplace(s.channels, inner, 1));
  }
  registerModule("transformer_blocks", transformer_blocks);
  TransformerSpec blockSpec = s;
  blockSpec.channels = inner;
  for (int64_t i = 0; i < s.layers; ++i) transformer_blocks.append(std::make_unique<BasicTransformerBlock>(blockSpec));
  if (s.useLinearProjection) {
    registerModule("proj_out", m_linearOut.emplace(inner, s.channels));
  } else {
    registerModule("proj_out", m_convOut.emplace(inner, s.channels, 1));
  }
}

at::Tensor Transformer2DModel::operator()(const at::Tensor& x, const at::Tensor& context) const {
  const int64_t b = x.size(0), h = x.size(2), w = x.size(3);
  auto tokens = norm(x);
  if (m_convIn) tokens = (*m_convIn)(tokens);
  const int64_t inner = tokens.size(1);
  tokens = tokens.permute({0, 2, 3, 1}).reshape({b, h * w, inner});  // [B, H·W, inner]
  if (m_linearIn) tokens = (*m_linearIn)(tokens);
  for (const auto* block : transformer_blocks) tokens = (*block)(tokens, context);
  if (m_linearOut) tokens = (*m_linearOut)(tokens);
  const int64_t outChannels = tokens.size(2);
  // Back in the input's memory format (NCHW, or NHWC where the weights are
  // channels-last: then the permute is already laid out that way).
  auto out = tokens.reshape({b, h, w, outChannels}).permute({0, 3, 1, 2}).contiguous(x.suggest_memory_format());
  if (m_convOut) out = (*m_convOut)(out);
  return out + x;
}

}  // namespace sd
