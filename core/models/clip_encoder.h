#pragma once
// transformers' CLIPEncoder: pre-LN transformer layers shared by CLIP's text
// tower (SD's text encoder) and its vision tower.
#include "core/nn/layers.h"

namespace sd {

struct ClipEncoderSpec {
  int64_t hiddenSize;
  int64_t intermediateSize;
  int64_t heads;
  int64_t layers;
  double layerNormEps;
  bool quickGelu;  // quick_gelu x·σ(1.702x), else exact gelu
};

class ClipAttention : public Module {
 public:
  ClipAttention(int64_t hidden, int64_t heads);
  // x [B, T, C]; mask additive, broadcastable to [B·H, T, T] (or undefined).
  at::Tensor operator()(const at::Tensor& x, const at::Tensor& mask) const;
  Linear q_proj, k_proj, v_proj, out_proj;

 private:
  int64_t m_heads;
  double m_scale;
};

class ClipEncoderLayer : public Module {
 public:
  explicit ClipEncoderLayer(const ClipEncoderSpec& spec);
  at::Tensor operator()(const at::Tensor& x, const at::Tensor& mask) const;
  ClipAttention self_attn;
  LayerNorm layer_norm1;
  Linear fc1, fc2;  // registered as mlp.fc1 / mlp.fc2
  LayerNorm layer_norm2;

 private:
  class Mlp : public Module {
   public:
    Mlp(Linear& fc1, Linear& fc2) {
      registerModule("fc1", fc1);
      registerModule("fc2", fc2);
    }
  };
  Mlp m_mlp;
  bool m_quickGelu;
};

class ClipEncoder : public Module {
 public:
  explicit ClipEncoder(const ClipEncoderSpec& spec);
  // Runs the first `runLayers` layers (all when < 0). With `hiddenStates`,
  // collects the input and each layer's output (transformers' hidden_states).
  at::Tensor operator()(at::Tensor x, const at::Tensor& mask, int64_t runLayers = -1,
                        std::vector<at::Tensor>* hiddenStates = nullptr) const;
  ModuleList<ClipEncoderLayer> layers;
};

}  // namespace sd
