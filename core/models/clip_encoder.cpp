#include "core/models/clip_encoder.h"

#include <cmath>

#include "core/nn/aten.h"
#include <ATen/ops/gelu.h>
#include <ATen/ops/sigmoid.h>

#include "core/nn/attention.h"

namespace sd {

ClipAttention::ClipAttention(int64_t hidden, int64_t heads)
    : q_proj(hidden, hidden), k_proj(hidden, hidden), v_proj(hidden, hidden), out_proj(hidden, hidden),
      m_heads(heads), m_scale(1.0 / std::sqrt(static_cast<double>(hidden / heads))) {
  registerModule("k_proj", k_proj);
  registerModule("v_proj", v_proj);
  registerModule("q_proj", q_proj);
  registerModule("out_proj", out_proj);
}

at::Tensor ClipAttention::operator()(const at::Tensor& x, const at::Tensor& mask) const {
  // transformers scales q before q·kᵀ; the fused path scales the scores, which
  // is the same number up to float rounding.
  const auto q = splitHeads(q_proj(x), m_heads);
  const auto k = splitHeads(k_proj(x), m_heads);
  const auto v = splitHeads(v_proj(x), m_heads);
  return out_proj(mergeHeads(attention(q, k, v, mask, m_scale)));
}

ClipEncoderLayer::ClipEncoderLayer(const ClipEncoderSpec& spec)
    : self_attn(spec.hiddenSize, spec.heads),
      layer_norm1(spec.hiddenSize, spec.layerNormEps),
      fc1(spec.hiddenSize, spec.intermediateSize),
      fc2(spec.intermediateSize, spec.hiddenSize),
      layer_norm2(spec.hiddenSize, spec.layerNormEps),
      m_mlp(fc1, fc2),
      m_quickGelu(spec.quickGelu) {
  registerModule("self_attn", self_attn);
  registerModule("layer_norm1", layer_norm1);
  registerModule("mlp", m_mlp);
  registerModule("layer_norm2", layer_norm2);
}

at::Tensor ClipEncoderLayer::operator()(const at::Tensor& x, const at::Tensor& mask) const {
  auto h = x + self_attn(layer_norm1(x), mask);
  auto m = fc1(layer_norm2(h));
  m = m_quickGelu ? m * at::sigmoid(m * 1.702) : at::gelu(m);
  return h + fc2(m);
}

ClipEncoder::ClipEncoder(const ClipEncoderSpec& spec) {
  registerModule("layers", layers);
  for (int64_t i = 0; i < spec.layers; ++i) layers.append(std::make_unique<ClipEncoderLayer>(spec));
}

at::Tensor ClipEncoder::operator()(at::Tensor x, const at::Tensor& mask, int64_t runLayers,
                                   std::vector<at::Tensor>* hiddenStates) const {
  const auto count = runLayers < 0 ? static_cast<int64_t>(layers.size()) : runLayers;
  if (hiddenStates) hiddenStates->push_back(x);
  for (int64_t i = 0; i < count; ++i) {
    x = layers[i](x, mask);
    if (hiddenStates) hiddenStates->push_back(x);
  }
  return x;
}

}  // namespace sd
