#pragma once
// transformers CLIPModel: text tower, vision tower, both projections and the
// learned temperature, under the checkpoint's key names. Internal to core
// (includes ATen); the window uses ClipScorer.
#include "core/clip/clip_config.h"
#include "core/clip/clip_vision_model.h"
#include "core/models/clip_text_model.h"

namespace sd {

struct ClipModelOutput {
  at::Tensor textFeatures, imageFeatures;  // projections, unnormalised [T, P], [I, P]
  at::Tensor textEmbeds, imageEmbeds;      // L2-normalised
  at::Tensor logitsPerImage;               // [I, T] = exp(logit_scale) · imageEmbeds·textEmbedsᵀ
  at::Tensor logitsPerText;                // [T, I]
  ClipTextOutput text;
  ClipVisionOutput vision;
};

class ClipModel : public Module {
 public:
  explicit ClipModel(const ClipModelConfig& config);

  // Unnormalised projections (get_image_features / get_text_features).
  at::Tensor imageFeatures(const at::Tensor& pixelValues, ClipVisionOutput* vision = nullptr) const;
  // ids [T, L] int64 and the padding mask [T, L] (1 keep, 0 pad).
  at::Tensor textFeatures(const at::Tensor& ids, const at::Tensor& attentionMask,
                          ClipTextOutput* text = nullptr) const;
  // exp(logit_scale) as a 0-dim float32 tensor.
  at::Tensor logitScaleExp() const;
  // CLIPModel.forward.
  ClipModelOutput forward(const at::Tensor& ids, const at::Tensor& attentionMask, const at::Tensor& pixelValues) const;

  // x / ‖x‖₂ along the last dimension, in float32.
  static at::Tensor normalize(const at::Tensor& features);

  const ClipModelConfig& config() const { return m_config; }

  at::Tensor logit_scale;  // [] (log of the scale)
  ClipTextTransformer text_model;
  ClipVisionTransformer vision_model;
  Linear visual_projection, text_projection;  // no bias

 private:
  ClipModelConfig m_config;
};

}  // namespace sd
