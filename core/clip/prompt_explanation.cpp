#include "core/clip/prompt_explanation.h"

#include <algorithm>
#include <tuple>

#include "core/clip/clip_scorer.h"
#include "core/util/error.h"

namespace sd {

PromptAblations embedAblations(const ClipScorer& scorer, const std::string& prompt) {
  return embedAblations([&scorer](const std::vector<std::string>& texts) { return scorer.embedTexts(texts); },
                        prompt);
}

PromptAblations embedAblations(const EmbedTextsFn& embedTexts, const std::string& prompt) {
  PromptAblations out;
  out.units = promptUnits(prompt);
  if (out.units.size() > kMaxExplainedUnits) {
    out.unitsNotExplained = out.units.size() - kMaxExplainedUnits;
    out.units.resize(kMaxExplainedUnits);
  }
  std::vector<std::string> texts;
  for (const auto& unit : out.units) texts.push_back(withoutUnit(prompt, unit));
  if (!texts.empty()) out.embeddings = embedTexts(texts);
  return out;
}

PromptExplanation explainWithAblations(const ClipEmbedding& image, const std::vector<ClipEmbedding>& comparison,
                                       int own, const PromptAblations& ablations, float logitScale,
                                       float temperature) {
  if (own < 0 || own >= static_cast<int>(comparison.size()))
    throw Error("explain: the prompt is not in the comparison set");
  if (ablations.embeddings.size() != ablations.units.size())
    throw Error("explain: " + std::to_string(ablations.units.size()) + " words but " +
                std::to_string(ablations.embeddings.size()) + " text embeddings");
  const auto ownScores = [&](const std::vector<ClipEmbedding>& texts) {
    const auto scores = clipScores({image}, texts, logitScale, temperature);
    return std::pair<double, double>(scores.probabilities[0][own], scores.logits[0][own]);
  };
  PromptExplanation out;
  std::tie(out.probability, out.logit) = ownScores(comparison);
  auto texts = comparison;
  for (std::size_t i = 0; i < ablations.units.size(); ++i) {
    texts[own] = ablations.embeddings[i];
    const auto& unit = ablations.units[i];
    const auto [probability, logit] = ownScores(texts);
    out.units.push_back({unit.text, static_cast<int>(unit.begin), static_cast<int>(unit.end), probability, logit});
  }
  return out;
}

PromptExplanation explainPrompt(const ClipScorer& scorer, const ClipEmbedding& image, const std::string& prompt,
                                std::vector<std::string> comparisonPrompts, float temperature) {
  auto own = std::find(comparisonPrompts.begin(), comparisonPrompts.end(), prompt) - comparisonPrompts.begin();
  if (own == static_cast<std::ptrdiff_t>(comparisonPrompts.size())) comparisonPrompts.push_back(prompt);
  const auto comparison = scorer.embedTexts(comparisonPrompts);
  return explainWithAblations(image, comparison, static_cast<int>(own), embedAblations(scorer, prompt),
                              scorer.logitScale(), temperature);
}

}  // namespace sd
