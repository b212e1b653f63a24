#include "core/models/clip_text_model.h"

#include <limits>

#include "core/nn/aten.h"
#include <ATen/ops/arange.h>
#include <ATen/ops/argmax.h>
#include <ATen/ops/full.h>
#include <ATen/ops/gather.h>
#include <ATen/ops/triu.h>

#include "core/util/error.h"

namespace sd {

namespace {

ClipEncoderSpec encoderSpec(const ClipTextConfig& c) {
  return {c.hiddenSize, c.intermediateSize, c.numAttentionHeads, c.numHiddenLayers, c.layerNormEps,
          c.hiddenAct == "quick_gelu"};
}

// Causal mask [1, 1, T, T] with finfo(dtype).min above the diagonal, as
// transformers' _create_4d_causal_attention_mask.
at::Tensor causalMask(int64_t tokens, const at::TensorOptions& options) {
  const double lowest = options.dtype() == at::kHalf ? -65504.0 : std::numeric_limits<float>::lowest();
  return at::triu(at::full({tokens, tokens}, lowest, options), 1).view({1, 1, tokens, tokens});
}

}  // namespace

ClipTextTransformer::Embeddings::Embeddings(const ClipTextConfig& c)
    : token_embedding(c.vocabSize, c.hiddenSize), position_embedding(c.maxPositionEmbeddings, c.hiddenSize) {
  registerModule("token_embedding", token_embedding);
  registerModule("position_embedding", position_embedding);
}

ClipTextTransformer::ClipTextTransformer(const ClipTextConfig& config)
    : embeddings(config), encoder(encoderSpec(config)), final_layer_norm(config.hiddenSize, config.layerNormEps),
      m_config(config) {
  registerModule("embeddings", embeddings);
  registerModule("encoder", encoder);
  registerModule("final_layer_norm", final_layer_norm);
}

ClipTextOutput ClipTextTransformer::forward(const at::Tensor& ids, const at::Tensor& attentionMask, int skipLayers,
                                            bool collectHiddenStates) const {
  if (ids.dim() != 2) throw Error("text encoder: input ids must be [batch, tokens]");
  const int64_t batch = ids.size(0), tokens = ids.size(1);
  if (tokens > m_config.maxPositionEmbeddings)
    throw Error("text encoder: " + std::to_string(tokens) + " tokens exceed the model's " +
                std::to_string(m_config.maxPositionEmbeddings) + " positions");
  if (skipLayers < 0 || skipLayers >= m_config.numHiddenLayers)
    throw Error("text encoder: clip skip " + std::to_string(skipLayers + 1) + " is out of range 1.." +
                std::to_string(m_config.numHiddenLayers));
  const auto& weights = embeddings.token_embedding.weight;
  const auto positions = at::arange(tokens, ids.options());
  auto x = embeddings.token_embedding(ids) + embeddings.position_embedding(positions).unsqueeze(0);

  auto mask = causalMask(tokens, weights.options());  // [1, 1, T, T]
  if (attentionMask.defined()) {
    // [B, T] → additive [B, 1, 1, T] for padding keys, then with the causal part.
    const double lowest = weights.scalar_type() == at::kHalf ? -65504.0 : std::numeric_limits<float>::lowest();
    const auto pad = (1 - attentionMask.to(weights.scalar_type())) * lowest;
    mask = mask + pad.view({batch, 1, 1, tokens});
  }

  ClipTextOutput out;
  x = encoder(x, mask, m_config.numHiddenLayers - skipLayers, collectHiddenStates ? &out.hiddenStates : nullptr);
  out.lastHiddenState = final_layer_norm(x);
  // Legacy configs (eos_token_id == 2) pool at argmax(ids): the first EOS,
  // because EOS has the highest id; newer configs look for eos_token_id.
  const auto eosPositions = m_config.eosTokenId == 2 ? ids.argmax(-1) : (ids == m_config.eosTokenId).to(at::kInt).argmax(-1);
  const auto index = eosPositions.view({batch, 1, 1}).expand({batch, 1, out.lastHiddenState.size(2)});
  out.pooled = out.lastHiddenState.gather(1, index).squeeze(1);
  return out;
}

}  // namespace sd
