#include "core/clip/clip_model.h"

#include "core/nn/aten.h"
#include <ATen/ops/matmul.h>

// CLIPModel.forward of transformers' modeling_clip.py: pooled outputs →
// projections → L2 normalisation → logit_scale.exp() · cosine similarities.
namespace sd {

ClipModel::ClipModel(const ClipModelConfig& config)
    : text_model(config.text),
      vision_model(config.vision),
      visual_projection(config.vision.hiddenSize, config.projectionDim, false),
      text_projection(config.text.hiddenSize, config.projectionDim, false),
      m_config(config) {
  registerParameter("logit_scale", logit_scale, {});
  registerModule("text_model", text_model);
  registerModule("vision_model", vision_model);
  registerModule("visual_projection", visual_projection);
  registerModule("text_projection", text_projection);
}

at::Tensor ClipModel::imageFeatures(const at::Tensor& pixelValues, ClipVisionOutput* vision) const {
  auto out = vision_model.forward(pixelValues);
  auto features = visual_projection(out.pooled);
  if (vision) *vision = std::move(out);
  return features;
}

at::Tensor ClipModel::textFeatures(const at::Tensor& ids, const at::Tensor& attentionMask, ClipTextOutput* text) const {
  auto out = text_model.forward(ids.to(logit_scale.device()),
                                attentionMask.defined() ? attentionMask.to(logit_scale.device()) : attentionMask);
  auto features = text_projection(out.pooled);
  if (text) *text = std::move(out);
  return features;
}

at::Tensor ClipModel::logitScaleExp() const { return logit_scale.to(at::kFloat).exp(); }

at::Tensor ClipModel::normalize(const at::Tensor& features) {
  const auto x = features.to(at::kFloat);
  return x / x.norm(2, {-1}, true);
}

ClipModelOutput ClipModel::forward(const at::Tensor& ids, const at::Tensor& attentionMask,
                                   const at::Tensor& pixelValues) const {
  ClipModelOutput out;
  out.imageFeatures = imageFeatures(pixelValues, &out.vision);
  out.textFeatures = textFeatures(ids, attentionMask, &out.text);
  out.imageEmbeds = normalize(out.imageFeatures);
  out.textEmbeds = normalize(out.textFeatures);
  out.logitsPerText = at::matmul(out.textEmbeds, out.imageEmbeds.t()) * logitScaleExp();
  out.logitsPerImage = out.logitsPerText.t();
  return out;
}

}  // namespace sd
