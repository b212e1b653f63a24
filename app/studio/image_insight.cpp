#include "app/studio/image_insight.h"

#include <algorithm>

#include "core/clip/score_trajectory.h"

namespace sd::studio {

ImageInsightResult ImageInsight::compute(ImageScorer& scorer, const ImageInsightInput& in) {
  ImageInsightResult out;
  if (in.image.empty() || in.comparison.empty()) return out;
  const float scale = scorer.logitScale();
  if (in.estimates)
    out.trajectory = scoreTrajectory(
        *in.estimates, [&scorer](const std::vector<RgbImage>& images) { return scorer.embedImages(images); },
        in.comparisonPrompts, in.comparison, scale, in.decoder, in.temperature);

  // A prompt outside the comparison set joins it, as `sdstudio-cli explain` does.
  auto comparison = in.comparison;
  auto own = std::find(in.comparisonPrompts.begin(), in.comparisonPrompts.end(), in.prompt) -
             in.comparisonPrompts.begin();
  if (own >= static_cast<std::ptrdiff_t>(comparison.size())) {
    own = static_cast<std::ptrdiff_t>(comparison.size());
    comparison.push_back(scorer.embedTexts({in.prompt}).front());
  }
  auto ablations = m_ablations.find(in.prompt);
  if (ablations == m_ablations.end()) {
    const EmbedTextsFn embedTexts = [&scorer](const std::vector<std::string>& texts) {
      return scorer.embedTexts(texts);
    };
    ablations = m_ablations.emplace(in.prompt, embedAblations(embedTexts, in.prompt)).first;
  }
  out.explanation =
      explainWithAblations(in.image, comparison, static_cast<int>(own), ablations->second, scale, in.temperature);
  return out;
}

}  // namespace sd::studio
