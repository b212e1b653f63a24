#include "core/metadata/recipe_builder.h"

#include "core/lora/lora_library.h"
#include "core/schedulers/scheduler_names.h"

namespace sd {

ImageRecipe recipeFor(const GenerationRequest& request, const GeneratedImage& image, const ModelInfo& model,
                      const std::string& modelHash) {
  ImageRecipe r;
  r.prompt = request.prompts.at(static_cast<std::size_t>(image.promptIndex));
  // Without guidance the negative prompt had no effect: do not claim it.
  r.negativePrompt = request.guidanceScale > 1 ? request.negativePrompt : "";
  r.steps = request.steps;
  r.schedulerId = schedulerId(request.scheduler);
  r.cfgScale = request.guidanceScale;
  r.seed = image.seed;
  r.baseSeed = request.seed;
  if (request.variationStrength > 0) {
    r.variationSeed = image.variationSeed;
    r.variationStrength = request.variationStrength;
  }
  r.width = request.width;
  r.height = request.height;
  r.modelName = model.name;
  r.modelHash = modelHash;
  if (r.prompt.find("<lora:") != std::string::npos)
    r.loraHashes = formatLoraHashes(loraHashes(r.prompt, loraSearchDirs(request.loraDir)));
  r.clipSkip = request.clipSkip;
  if (request.initImage) r.denoisingStrength = request.strength;
  if (request.mask) {
    r.maskBlur = request.maskBlur;
    r.inpaintOnlyMasked = request.inpaintOnlyMasked;
    r.maskedAreaPadding = request.onlyMaskedPadding;
    r.inpaintOverlay = request.inpaintOverlay;
  }
  r.eta = request.eta;
  r.promptIndex = image.promptIndex;
  r.imageIndex = image.imageIndex;
  r.device = model.device;
  r.initialNoiseHash = image.initialNoiseHash;
  r.seconds = image.seconds;
  return r;
}

void addClipScores(ImageRecipe& r, const ClipScoresForRecipe& s) {
  r.clipModel = s.clipModel;
  r.comparisonPrompts = s.prompts;
  r.probabilities = s.probabilities;
  r.logits = s.logits;
  r.temperature = s.temperature;
  r.logitScale = s.logitScale;
  r.imageEmbedding = s.imageEmbedding;
  r.comparisonTokens = s.promptTokens;
  r.clipTokenLimit = s.tokenLimit;
  r.explanation = s.explanation;
}

}  // namespace sd
