#pragma once
// transformers CLIPTextModel (SD v1.4's text encoder), keys under text_model.*
#include <memory>

#include "core/models/clip_encoder.h"
#include "core/models/model_config.h"

namespace sd {

struct ClipTextOutput {
  at::Tensor lastHiddenState;  // [B, T, C] after final_layer_norm (of the layer clip skip stops at)
  at::Tensor pooled;           // [B, C] at the EOS token
  std::vector<at::Tensor> hiddenStates;  // embeddings + every layer, before the final norm (on request)
};

// The text tower, registered as transformers names it below "text_model".
class ClipTextTransformer : public Module {
 public:
  explicit ClipTextTransformer(const ClipTextConfig& config);
  // ids [B, T] int64. attentionMask [B, T] (1 keep, 0 pad) or undefined: the
  // SD pipeline passes none, CLIP scoring passes the padding mask.
  // skipLayers: diffusers' clip_skip (A1111's "Clip skip" minus 1).
  ClipTextOutput forward(const at::Tensor& ids, const at::Tensor& attentionMask = {}, int skipLayers = 0,
                         bool collectHiddenStates = false) const;

  const ClipTextConfig& config() const { return m_config; }

  class Embeddings : public Module {
   public:
    explicit Embeddings(const ClipTextConfig& c);
    Embedding token_embedding, position_embedding;
  };
  Embeddings embeddings;
  ClipEncoder encoder;
  LayerNorm final_layer_norm;

 private:
  ClipTextConfig m_config;
};

class ClipTextModel : public Module {
 public:
  explicit ClipTextModel(const ClipTextConfig& config) : text_model(config) { registerModule("text_model", text_model); }
  ClipTextTransformer text_model;
};

}  // namespace sd
