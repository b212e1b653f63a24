#include "core/metadata/recipe_request.h"

#include "core/schedulers/scheduler_names.h"

namespace sd {

namespace {

const std::string* field(const ImageSettings& s, std::string_view key) {
  for (const auto& [k, v] : s.fields)
    if (k == key) return &v;
  return nullptr;
}

}  // namespace

bool usedHiresFix(const ImageSettings& s) {
  for (const auto& [k, v] : s.fields)
    if (k.rfind("Hires ", 0) == 0) return true;
  return false;
}

std::vector<std::string> whatCannotBeRestored(const ImageSettings& s) {
  std::vector<std::string> lost;
  const auto& r = s.recipe;
  const bool hires = usedHiresFix(s);
  if (hires) {
    const auto* upscale = field(s, "Hires upscale");
    lost.push_back("hires fix" + (upscale ? " (Hires upscale: " + *upscale + ")" : std::string()) +
                   ": only the first pass is restored");
  } else if (r.maskBlur) {
    lost.push_back("the init image and mask of this inpainting (the file holds neither)");
  } else if (r.denoisingStrength) {
    lost.push_back("the init image of this img2img (the file does not hold it)");
  }
  if (!s.schedulerKnown && !s.samplerName.empty())
    lost.push_back("the sampler '" + s.samplerName + "' (not one of ours: the current one stays)");
  if (!s.sizeKnown) lost.push_back("the size (not in the file: the current one stays)");
  // A1111 extensions whose effect a plain render cannot give.
  for (const char* key : {"ControlNet 0", "Face restoration", "Refiner", "ADetailer model"})
    if (field(s, key)) lost.push_back(std::string(key) + " (not supported)");
  return lost;
}

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
