#pragma once
// CLIP's part of a generated image's recipe, made one way wherever images
// are saved: probabilities and logits against every prompt of the run, the
// image embedding (so a gallery re-scores without CLIP), each prompt's token
// count (CLIP scores 75 of them) and which words of the image's own prompt
// matter. The prompts are embedded once, their ablations once per prompt.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/clip/prompt_explanation.h"
#include "core/image/rgb_image.h"
#include "core/metadata/recipe_builder.h"
#include "core/pipeline/generation_result.h"
#include "core/text/prompt_truncation.h"

namespace sd {

// What scores an image against a comparison set: the prompts, their CLIP
// embeddings (in order), CLIP's logit scale, the temperature, and how many
// tokens of a prompt CLIP reads (capacity 0: unknown).
struct ComparisonScoring {
  std::string clipModel;
  std::vector<std::string> prompts;
  std::vector<ClipEmbedding> promptEmbeddings;
  float logitScale = 0;
  double temperature = kDefaultClipTemperature;
  std::function<PromptTruncation(const std::string&)> truncation;
};

// The CLIP part of a recipe from an image embedding already made. No
// explanation: that needs the prompt's ablations (RecipeScoring, or the
// studio's insight cache). The CLI and the window both come through here.
ClipScoresForRecipe clipScoresFor(const ComparisonScoring& comparison, const ClipEmbedding& image);

class RecipeScoring {
 public:
  RecipeScoring(const ClipScorer& scorer, std::string clipModelName, std::vector<std::string> prompts);

  // prompts()[own] made the image.
  ClipScoresForRecipe score(const RgbImage& image, int own);
  ClipScoresForRecipe scoreEmbedding(const ClipEmbedding& image, int own);
  // Each decoded x₀ estimate against every prompt: the score trajectory.
  ScoreTrajectory trajectory(const std::vector<StepEstimate>& estimates, const std::string& decoder) const;

  const ClipScorer& scorer() const { return m_scorer; }
  const std::vector<std::string>& prompts() const { return m_comparison.prompts; }
  const std::vector<ClipEmbedding>& promptEmbeddings() const { return m_comparison.promptEmbeddings; }

 private:
  const ClipScorer& m_scorer;
  ComparisonScoring m_comparison;
  std::map<int, PromptAblations> m_ablations;
};

}  // namespace sd
