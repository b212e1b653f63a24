#pragma once
// ImageSettings as people and scripts read them (sdstudio-cli info, the
// window's "image settings" view).
#include <string>

#include "core/metadata/image_settings.h"

namespace sd {

// "Prompt: …\nSteps: 25\n…", one setting per line, then the fields only the
// source tool knows, CLIP scores and warnings.
std::string formatSettingsText(const ImageSettings& settings);
// A JSON object (pretty-printed): the recipe in our terms, the source, the
// raw fields, and our sdstudio chunk as an object when present.
std::string formatSettingsJson(const ImageSettings& settings);

}  // namespace sd
