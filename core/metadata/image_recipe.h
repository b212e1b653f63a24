#pragma once
// Everything needed to remake one image, as stored in its PNG: A1111's
// "parameters" infotext (read by A1111, sd.cpp, ComfyUI…) plus our
// "sdstudio" JSON chunk with the rest. No torch, no Qt.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/metadata/prompt_insight.h"
#include "core/pipeline/setting_limits.h"
#include "core/schedulers/scheduler_names.h"

namespace sd {

struct ImageRecipe {
  std::string prompt;
  std::string negativePrompt;
  int steps = settings::kSteps.fallback;
  std::string schedulerId = sd::schedulerId(settings::kScheduler);  // ours, or a foreign tool's sampler name
  double cfgScale = settings::kGuidanceScale.fallback;
  uint64_t seed = 0;
  // A1111's "Variation seed" / "Variation seed strength" (this image's own
  // variation seed); written only when the strength is above 0.
  uint64_t variationSeed = 0;
  double variationStrength = 0.0;
  int width = settings::kImageSide.fallback, height = settings::kImageSide.fallback;
  std::string modelName;
  std::string modelHash;  // first 10 hex digits of the model file's sha256 ("" if unknown)
  // A1111's "Lora hashes": "name: hash12, name2: hash12" for the prompt's
  // <lora:…> tags (core/lora/lora_library.h); the tags stay in `prompt`.
  std::string loraHashes;
  int clipSkip = settings::kClipSkip.fallback;
  std::optional<double> denoisingStrength;  // img2img
  // Inpainting, A1111's "Mask blur", "Inpaint area: Only masked" and
  // "Masked area padding" (set for inpainted images; the mask itself is
  // not stored).
  std::optional<int> maskBlur;
  bool inpaintOnlyMasked = false;
  int maskedAreaPadding = settings::kOnlyMaskedPadding.fallback;
  // Whole picture: the original pasted back outside the mask (A1111's way,
  // the default); false is written "Inpaint overlay: off" (diffusers' raw output).
  bool inpaintOverlay = true;
  double eta = 0.0;
  // The rest (sdstudio JSON only)
  int promptIndex = 0;
  int imageIndex = 0;
  uint64_t baseSeed = 0;        // the request's seed; seed = baseSeed + imageIndex
  std::string seedPolicy = "increment";
  std::string device;           // "cpu (float32)"
  std::string initialNoiseHash;
  std::string clipModel;
  std::vector<std::string> comparisonPrompts;
  std::vector<double> probabilities;  // per comparison prompt
  std::vector<double> logits;
  double temperature = 10.0;
  std::vector<float> imageEmbedding;  // normalised CLIP embedding: lets the gallery re-score without CLIP
  double logitScale = 0;
  // Per comparison prompt, the tokens of its plain text; past clipTokenLimit
  // (75) CLIP scored only the beginning (core/text/prompt_truncation.h).
  std::vector<int> comparisonTokens;
  int clipTokenLimit = 0;
  PromptExplanation explanation;  // which words matter (sdstudio-cli explain, generate --clip)
  ScoreTrajectory trajectory;     // generate --trajectory N
  double seconds = 0;
};

// Whether CLIP scored comparison prompt k on its beginning only.
inline bool scoredTruncated(const ImageRecipe& recipe, std::size_t k) {
  return k < recipe.comparisonTokens.size() && recipe.clipTokenLimit > 0 &&
         recipe.comparisonTokens[k] > recipe.clipTokenLimit;
}

// "scored on its first 75 of 90 tokens", or "" when CLIP read it whole.
inline std::string truncationNote(const ImageRecipe& recipe, std::size_t k) {
  if (!scoredTruncated(recipe, k)) return {};
  return "scored on its first " + std::to_string(recipe.clipTokenLimit) + " of " +
         std::to_string(recipe.comparisonTokens[k]) + " tokens";
}

// The generating prompt's row in the comparison set (matched by text: the
// set need not be the request's prompts), -1 when it is not in the set.
inline int ownComparisonIndex(const ImageRecipe& recipe) {
  for (std::size_t i = 0; i < recipe.comparisonPrompts.size(); ++i)
    if (recipe.comparisonPrompts[i] == recipe.prompt) return static_cast<int>(i);
  return -1;
}

// The prompts the score trajectory's rows belong to: its own set, or the
// recipe's for files written before it kept one.
inline const std::vector<std::string>& trajectoryPrompts(const ImageRecipe& recipe) {
  return recipe.trajectory.prompts.empty() ? recipe.comparisonPrompts : recipe.trajectory.prompts;
}

// A1111 infotext: prompt, "Negative prompt: …", then "Key: value, …" with
// values that hold commas, colons or newlines JSON-quoted as A1111 does.
std::string formatInfotext(const ImageRecipe& recipe);
// The "sdstudio" JSON chunk (schema 1).
std::string formatRecipeJson(const ImageRecipe& recipe);

}  // namespace sd
