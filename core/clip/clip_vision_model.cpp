#include "core/clip/clip_vision_model.h"

#include "core/nn/aten.h"
#include <ATen/ops/cat.h>

#include "core/util/error.h"

// Follows CLIPVisionEmbeddings and CLIPVisionTransformer of transformers'
// modeling_clip.py: patches + class token + learned positions, pre-LN, the
// shared CLIP encoder (no mask), post-LN of the class token.
namespace sd {

namespace {

ClipEncoderSpec encoderSpec(const ClipVisionConfig& c) {
  return {c.hiddenSize, c.intermediateSize, c.numAttentionHeads, c.numHiddenLayers, c.layerNormEps,
          c.hiddenAct == "quick_gelu"};
}

std::string shapeOf(const at::Tensor& t) {
  std::string s = "[";
  for (int64_t i = 0; i < t.dim(); ++i) s += (i ? ", " : "") + std::to_string(t.size(i));
  return s + "]";
}

}  // namespace

ClipVisionTransformer::Embeddings::Embeddings(const ClipVisionConfig& c)
    : patch_embedding(c.numChannels, c.hiddenSize, c.patchSize, c.patchSize, 0, false),
      position_embedding(c.positions(), c.hiddenSize) {
  registerParameter("class_embedding", class_embedding, {c.hiddenSize});
  registerModule("patch_embedding", patch_embedding);
  registerModule("position_embedding", position_embedding);
}

ClipVisionTransformer::ClipVisionTransformer(const ClipVisionConfig& config)
    : embeddings(config),
      pre_layrnorm(config.hiddenSize, config.layerNormEps),
      encoder(encoderSpec(config)),
      post_layernorm(config.hiddenSize, config.layerNormEps),
      m_config(config) {
  registerModule("embeddings", embeddings);
  registerModule("pre_layrnorm", pre_layrnorm);
  registerModule("encoder", encoder);
  registerModule("post_layernorm", post_layernorm);
}

ClipVisionOutput ClipVisionTransformer::forward(const at::Tensor& pixelValues) const {
  const auto& c = m_config;
  if (pixelValues.dim() != 4 || pixelValues.size(1) != c.numChannels || pixelValues.size(2) != c.imageSize ||
      pixelValues.size(3) != c.imageSize)
    throw Error("CLIP vision tower: pixel values must be [batch, " + std::to_string(c.numChannels) + ", " +
                std::to_string(c.imageSize) + ", " + std::to_string(c.imageSize) + "], got " + shapeOf(pixelValues));
  const int64_t batch = pixelValues.size(0);
  const auto& weight = embeddings.patch_embedding.weight;
  // [B, C, g, g] → [B, g², C]
  auto patches = embeddings.patch_embedding(pixelValues.to(weight.device(), weight.scalar_type()));
  patches = patches.flatten(2).transpose(1, 2);
  const auto classToken = embeddings.class_embedding.view({1, 1, c.hiddenSize}).expand({batch, 1, c.hiddenSize});
  auto x = at::cat({classToken, patches}, 1) + embeddings.position_embedding.weight.unsqueeze(0);  // [B, 1+g², C]

  ClipVisionOutput out;
  out.lastHiddenState = encoder(pre_layrnorm(x), {});
  out.pooled = post_layernorm(out.lastHiddenState.select(1, 0));
  return out;
}

}  // namespace sd
