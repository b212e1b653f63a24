#pragma once
// Everything needed to remake one image, as stored in its PNG: A1111's
// "parameters" infotext (read by A1111, sd.cpp, ComfyUI…) plus our
// "sdstudio" JSON chunk with the rest. No torch, no Qt.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sd {

struct ImageRecipe {
  std::string prompt;
  std::string negativePrompt;
  int steps = 25;
  std::string schedulerId = "dpmpp_2m_karras";
  double cfgScale = 7.5;
  uint64_t seed = 0;
  int width = 512, height = 512;
  std::string modelName;
  std::string modelHash;  // first 10 hex digits of the model file's sha256 ("" if unknown)
  int clipSkip = 1;
  std::optional<double> denoisingStrength;  // img2img
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
  double seconds = 0;
};

// The generating prompt's row in the comparison set (matched by text: the
// set need not be the request's prompts), -1 when it is not in the set.
inline int ownComparisonIndex(const ImageRecipe& recipe) {
  for (std::size_t i = 0; i < recipe.comparisonPrompts.size(); ++i)
    if (recipe.comparisonPrompts[i] == recipe.prompt) return static_cast<int>(i);
  return -1;
}

// A1111 infotext: prompt, "Negative prompt: …", then "Key: value, …" with
// values that hold commas, colons or newlines JSON-quoted as A1111 does.
std::string formatInfotext(const ImageRecipe& recipe);
// The "sdstudio" JSON chunk (schema 1).
std::string formatRecipeJson(const ImageRecipe& recipe);

}  // namespace sd
