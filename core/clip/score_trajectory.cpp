#include "core/clip/score_trajectory.h"

namespace sd {

ScoreTrajectory scoreTrajectory(const std::vector<StepEstimate>& estimates, const EmbedImagesFn& embedImages,
                                const std::vector<std::string>& prompts, const std::vector<ClipEmbedding>& embeddings,
                                float logitScale,
                                const std::string& decoder, float temperature) {
  ScoreTrajectory out;
  out.decoder = decoder;
  if (estimates.empty() || embeddings.empty()) return out;
  out.prompts = prompts;
  std::vector<RgbImage> images;
  for (const auto& e : estimates) {
    out.steps.push_back(e.step);
    images.push_back(e.image);
  }
  // One batch for all estimates: the vision tower runs once per image, not per step.
  const auto scores = clipScores(embedImages(images), embeddings, logitScale, temperature);
  for (const auto& row : scores.probabilities) out.probabilities.emplace_back(row.begin(), row.end());
  return out;
}

}  // namespace sd
