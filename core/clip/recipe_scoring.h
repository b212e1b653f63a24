#pragma once
// CLIP's part of a generated image's recipe, made one way wherever images
// are saved: probabilities and logits against every prompt of the run, the
// image embedding (so a gallery re-scores without CLIP), each prompt's token
// count (CLIP scores 75 of them) and which words of the image's own prompt
// matter. The prompts are embedded once, their ablations once per prompt.
#include <map>
#include <string>
#include <vector>

#include "core/clip/prompt_explanation.h"
#include "core/image/rgb_image.h"
#include "core/metadata/recipe_builder.h"
#include "core/pipeline/generation_result.h"

namespace sd {

class RecipeScoring {
 public:
  RecipeScoring(const ClipScorer& scorer, std::string clipModelName, std::vector<std::string> prompts);

  // prompts()[own] made the image.
  ClipScoresForRecipe score(const RgbImage& image, int own);
  ClipScoresForRecipe scoreEmbedding(const ClipEmbedding& image, int own);
  // Each decoded x₀ estimate against every prompt: the score trajectory.
  ScoreTrajectory trajectory(const std::vector<StepEstimate>& estimates, const std::string& decoder) const;

  const ClipScorer& scorer() const { return m_scorer; }
  const std::vector<std::string>& prompts() const { return m_prompts; }
  const std::vector<ClipEmbedding>& promptEmbeddings() const { return m_embeddings; }

 private:
  const ClipScorer& m_scorer;
  std::string m_modelName;
  std::vector<std::string> m_prompts;
  std::vector<ClipEmbedding> m_embeddings;
  std::vector<int> m_tokens;
  int m_tokenLimit = 0;
  std::map<int, PromptAblations> m_ablations;
};

}  // namespace sd
