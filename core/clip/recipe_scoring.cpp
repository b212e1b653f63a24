#include "core/clip/recipe_scoring.h"

#include "core/clip/clip_scorer.h"
#include "core/clip/score_trajectory.h"

namespace sd {

ClipScoresForRecipe clipScoresFor(const ComparisonScoring& comparison, const ClipEmbedding& image) {
  const auto scores = clipScores({image}, comparison.promptEmbeddings, comparison.logitScale,
                                 static_cast<float>(comparison.temperature));
  ClipScoresForRecipe clip;
  clip.clipModel = comparison.clipModel;
  clip.prompts = comparison.prompts;
  clip.probabilities.assign(scores.probabilities[0].begin(), scores.probabilities[0].end());
  clip.logits.assign(scores.logits[0].begin(), scores.logits[0].end());
  clip.temperature = comparison.temperature;
  clip.logitScale = comparison.logitScale;
  clip.imageEmbedding = image;
  for (const auto& prompt : comparison.prompts) {  // so exports can say which prompts CLIP read only in part
    const auto truncation = comparison.truncation ? comparison.truncation(prompt) : PromptTruncation{};
    if (truncation.capacity == 0) {  // a scorer that cannot count tokens: say nothing
      clip.promptTokens.clear();
      break;
    }
    clip.promptTokens.push_back(truncation.tokens);
    clip.tokenLimit = truncation.capacity;
  }
  return clip;
}

RecipeScoring::RecipeScoring(const ClipScorer& scorer, std::string clipModelName, std::vector<std::string> prompts)
    : m_scorer(scorer) {
  m_comparison.clipModel = std::move(clipModelName);
  m_comparison.promptEmbeddings = scorer.embedTexts(prompts);
  m_comparison.prompts = std::move(prompts);
  m_comparison.logitScale = scorer.logitScale();
  m_comparison.truncation = [&scorer](const std::string& prompt) { return scorer.truncation(prompt); };
}

ClipScoresForRecipe RecipeScoring::score(const RgbImage& image, int own) {
  return scoreEmbedding(m_scorer.embedImages({image}).front(), own);
}

ClipScoresForRecipe RecipeScoring::scoreEmbedding(const ClipEmbedding& image, int own) {
  auto clip = clipScoresFor(m_comparison, image);
  auto ablations = m_ablations.find(own);
  if (ablations == m_ablations.end())
    ablations = m_ablations.emplace(own, embedAblations(m_scorer, prompts().at(static_cast<std::size_t>(own)))).first;
  clip.explanation =
      explainWithAblations(image, m_comparison.promptEmbeddings, own, ablations->second, m_comparison.logitScale);
  return clip;
}

ScoreTrajectory RecipeScoring::trajectory(const std::vector<StepEstimate>& estimates, const std::string& decoder) const {
  const EmbedImagesFn embedImages = [this](const std::vector<RgbImage>& images) { return m_scorer.embedImages(images); };
  return scoreTrajectory(estimates, embedImages, prompts(), promptEmbeddings(), m_comparison.logitScale, decoder);
}

}  // namespace sd
