#include "core/clip/clip_scores.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/util/error.h"

namespace sd {

namespace {

void checkTemperature(float temperature) {
  if (!(temperature > 0) || !std::isfinite(temperature))
    throw Error("CLIP scores: the temperature must be a positive number, got " + std::to_string(temperature));
}

}  // namespace

std::vector<float> softmaxWithTemperature(const std::vector<float>& logits, float temperature) {
  checkTemperature(temperature);
  if (logits.empty()) return {};
  // float32 division first, as torch's softmax(logits / T); then the sum in
  // double after subtracting the maximum, so large logits cannot overflow.
  std::vector<float> scaled(logits.size());
  std::transform(logits.begin(), logits.end(), scaled.begin(), [&](float l) { return l / temperature; });
  const float maxValue = *std::max_element(scaled.begin(), scaled.end());
  std::vector<double> e(scaled.size());
  double sum = 0;
  for (std::size_t i = 0; i < scaled.size(); ++i) sum += e[i] = std::exp(static_cast<double>(scaled[i] - maxValue));
  std::vector<float> out(scaled.size());
  for (std::size_t i = 0; i < scaled.size(); ++i) out[i] = static_cast<float>(e[i] / sum);
  return out;
}

ClipScores clipScores(const std::vector<ClipEmbedding>& imageEmbeddings,
                      const std::vector<ClipEmbedding>& textEmbeddings, float logitScale, float temperature) {
  checkTemperature(temperature);
  if (!std::isfinite(logitScale)) throw Error("CLIP scores: the logit scale is not a finite number");
  const std::size_t dim = !imageEmbeddings.empty() ? imageEmbeddings.front().size()
                          : !textEmbeddings.empty() ? textEmbeddings.front().size() : 0;
  for (const auto* set : {&imageEmbeddings, &textEmbeddings})
    for (const auto& e : *set)
      if (e.size() != dim)
        throw Error("CLIP scores: embeddings of different lengths (" + std::to_string(e.size()) + " and " +
                    std::to_string(dim) + "); were they made by different CLIP models?");
  ClipScores scores;
  scores.logits.reserve(imageEmbeddings.size());
  scores.probabilities.reserve(imageEmbeddings.size());
  for (const auto& image : imageEmbeddings) {
    std::vector<float> row(textEmbeddings.size());
    for (std::size_t t = 0; t < textEmbeddings.size(); ++t) {
      double dot = 0;
      for (std::size_t k = 0; k < dim; ++k) dot += static_cast<double>(image[k]) * textEmbeddings[t][k];
      // torch: (text @ imageᵀ) in float32, then × exp(logit_scale) in float32.
      row[t] = static_cast<float>(dot) * logitScale;
    }
    scores.probabilities.push_back(softmaxWithTemperature(row, temperature));
    scores.logits.push_back(std::move(row));
  }
  return scores;
}

}  // namespace sd
