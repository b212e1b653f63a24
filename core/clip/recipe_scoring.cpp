#include "core/clip/recipe_scoring.h"

#include "core/clip/clip_scorer.h"
#include "core/clip/score_trajectory.h"

namespace sd {

RecipeScoring::RecipeScoring(const ClipScorer& scorer, std::string clipModelName, std::vector<std::string> prompts)
    : m_scorer(scorer), m_modelName(std::move(clipModelName)), m_prompts(std::move(prompts)) {
  m_embeddings = scorer.embedTexts(m_prompts);
  for (const auto& prompt : m_prompts) {
    const auto truncation = scorer.truncation(prompt);
    m_tokens.push_back(truncation.tokens);
    m_tokenLimit = truncation.capacity;
  }
}

ClipScoresForRecipe RecipeScoring::score(const RgbImage& image, int own) {
  return scoreEmbedding(m_scorer.embedImages({image}).front(), own);
}

ClipScoresForRecipe RecipeScoring::scoreEmbedding(const ClipEmbedding& image, int own) {
  const float scale = m_scorer.logitScale();
  const auto scores = clipScores({image}, m_embeddings, scale);
  ClipScoresForRecipe clip;
  clip.clipModel = m_modelName;
  clip.prompts = m_prompts;
  clip.probabilities.assign(scores.probabilities[0].begin(), scores.probabilities[0].end());
  clip.logits.assign(scores.logits[0].begin(), scores.logits[0].end());
  clip.temperature = kDefaultClipTemperature;
  clip.logitScale = scale;
  clip.imageEmbedding = image;
  clip.promptTokens = m_tokens;
  clip.tokenLimit = m_tokenLimit;
  auto ablations = m_ablations.find(own);
  if (ablations == m_ablations.end())
    ablations = m_ablations.emplace(own, embedAblations(m_scorer, m_prompts.at(static_cast<std::size_t>(own)))).first;
  clip.explanation = explainWithAblations(image, m_embeddings, own, ablations->second, scale);
  return clip;
}

ScoreTrajectory RecipeScoring::trajectory(const std::vector<StepEstimate>& estimates, const std::string& decoder) const {
  const EmbedImagesFn embedImages = [this](const std::vector<RgbImage>& images) { return m_scorer.embedImages(images); };
  return scoreTrajectory(estimates, embedImages, m_prompts, m_embeddings, m_scorer.logitScale(), decoder);
}

}  // namespace sd
