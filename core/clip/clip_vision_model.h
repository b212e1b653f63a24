#pragma once
// transformers CLIPVisionTransformer (ViT), keys under vision_model.*
// Internal to core: includes ATen.
#include "core/clip/clip_config.h"
#include "core/models/clip_encoder.h"

namespace sd {

struct ClipVisionOutput {
  at::Tensor lastHiddenState;  // [B, 1 + patches, C], encoder output (no post norm)
  at::Tensor pooled;           // [B, C] post_layernorm(class token)
};

class ClipVisionTransformer : public Module {
 public:
  explicit ClipVisionTransformer(const ClipVisionConfig& config);
  // pixelValues [B, numChannels, imageSize, imageSize] (CLIPImageProcessor's
  // output). Other sizes are an sd::Error: the position table is fixed.
  ClipVisionOutput forward(const at::Tensor& pixelValues) const;

  const ClipVisionConfig& config() const { return m_config; }

  class Embeddings : public Module {
   public:
    explicit Embeddings(const ClipVisionConfig& c);
    at::Tensor class_embedding;  // [C]
    Conv2d patch_embedding;      // patch×patch, stride patch, no bias
    Embedding position_embedding;
  };
  Embeddings embeddings;
  LayerNorm pre_layrnorm;  // sic: transformers' spelling is the checkpoint key
  ClipEncoder encoder;
  LayerNorm post_layernorm;

 private:
  ClipVisionConfig m_config;
};

}  // namespace sd
