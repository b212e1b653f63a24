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

}  // namespace sd
