#pragma once
// CLIP probabilities as a pure function of stored embeddings (no torch): the
// studio keeps each image's embedding and re-scores the whole gallery
// whenever the comparison prompts change, without running CLIP on images.
#include <vector>

namespace sd {

using ClipEmbedding = std::vector<float>;  // L2-normalised, projection_dim long

// transformers' examples divide CLIP's logits by 10 before the softmax so
// the bars are readable (raw logits saturate to one prompt).
inline constexpr float kDefaultClipTemperature = 10.0f;

struct ClipScores {
  // [images][prompts]. With no prompts each image has an empty row.
  std::vector<std::vector<float>> logits;         // logitScale · cos(image, prompt)
  std::vector<std::vector<float>> probabilities;  // softmax(logits / temperature) over the prompts
};

// logits = logitScale · imageᵀ·text (the embeddings are unit vectors, so the
// dot product is the cosine), as CLIPModel.forward's logits_per_image.
// `logitScale` is exp(logit_scale), e.g. 100 for the released ViT-B/32.
// Throws sd::Error when embedding lengths differ or the temperature is not a
// positive finite number. A single prompt gets probability 1.
ClipScores clipScores(const std::vector<ClipEmbedding>& imageEmbeddings,
                      const std::vector<ClipEmbedding>& textEmbeddings, float logitScale,
                      float temperature = kDefaultClipTemperature);

// Numerically stable softmax(logits / temperature); empty in, empty out.
std::vector<float> softmaxWithTemperature(const std::vector<float>& logits, float temperature);

}  // namespace sd
