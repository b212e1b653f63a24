#pragma once
// Restoring a PNG's settings into a new request (drop an image on the
// window, "use these settings"): the recipe's fields mapped onto a
// GenerationRequest for one prompt at the recipe's own seed.
#include "core/metadata/image_settings.h"
#include "core/pipeline/generation_request.h"

namespace sd {

// `base` supplies what a recipe does not carry (batch, preview cadence, the
// init image of an img2img recipe). An unknown scheduler or size keeps base's.
GenerationRequest requestFromSettings(const ImageSettings& settings, GenerationRequest base = {});

// What requestFromSettings cannot remake of the image, one phrase each
// ("the init image and mask (the file holds neither)", "hires fix (Hires
// upscale: 2): only the base pass is restored", "the sampler 'DPM adaptive'
// (not one of ours: the current one stays)"); empty when it remakes it all.
// The window says these in one line, so a restore never silently differs.
std::vector<std::string> whatCannotBeRestored(const ImageSettings& settings);
// A1111's hires fix ("Hires upscale", "Hires steps", … in the infotext):
// its "Denoising strength" is the second pass's, not an img2img's.
bool usedHiresFix(const ImageSettings& settings);

}  // namespace sd
