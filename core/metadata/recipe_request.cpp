#include "core/metadata/recipe_request.h"

#include "core/schedulers/scheduler_names.h"

namespace sd {

GenerationRequest requestFromSettings(const ImageSettings& settings, GenerationRequest base) {
  const auto& r = settings.recipe;
  base.prompts = {r.prompt};
  base.negativePrompt = r.negativePrompt;
  if (settings.sizeKnown) {
    base.width = r.width;
    base.height = r.height;
  }
  base.steps = r.steps;
  base.guidanceScale = r.cfgScale;
  if (settings.schedulerKnown) base.scheduler = parseScheduler(r.schedulerId);
  base.eta = r.eta;
  base.seed = r.seed;  // this image's own seed: image 0 of the new request reproduces it
  base.variationSeed = r.variationSeed;
  base.variationStrength = r.variationStrength;
  base.clipSkip = r.clipSkip;
  if (r.denoisingStrength) base.strength = *r.denoisingStrength;
  // The mask is not in the file: these apply once the caller supplies one.
  if (r.maskBlur) {
    base.maskBlur = *r.maskBlur;
    base.inpaintOnlyMasked = r.inpaintOnlyMasked;
    base.onlyMaskedPadding = r.maskedAreaPadding;
    base.inpaintOverlay = r.inpaintOverlay;
  }
  return base;
}

}  // namespace sd
