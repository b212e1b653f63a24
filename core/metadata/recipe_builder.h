#pragma once
// The recipe of a freshly generated image, built the same way wherever it
// is saved (sdstudio-cli generate, the studio's worker): request + image +
// model, then optionally the CLIP scores.
#include <string>
#include <vector>

#include "core/metadata/image_recipe.h"
#include "core/pipeline/generation_request.h"
#include "core/pipeline/generation_result.h"
#include "core/pipeline/stable_diffusion.h"

namespace sd {

// `modelHash`: modelHash(model.path) (core/metadata/model_hash.h), "" when
// it is unknown or too costly to compute here.
ImageRecipe recipeFor(const GenerationRequest& request, const GeneratedImage& image, const ModelInfo& model,
                      const std::string& modelHash = "");

struct ClipScoresForRecipe {
  std::string clipModel;                  // e.g. "openai/clip-vit-base-patch32"
  std::vector<std::string> prompts;       // the comparison set
  std::vector<double> probabilities;      // per prompt
  std::vector<double> logits;             // per prompt (may be empty)
  double temperature = 10.0;
  double logitScale = 0;
  std::vector<float> imageEmbedding;      // normalised; lets a reopened gallery re-score
  std::vector<int> promptTokens;          // per prompt, its plain text's tokens (may be empty)
  int tokenLimit = 0;                     // what CLIP reads of them (75)
  PromptExplanation explanation;          // which words of the own prompt matter (may be empty)
};
void addClipScores(ImageRecipe& recipe, const ClipScoresForRecipe& scores);

}  // namespace sd
