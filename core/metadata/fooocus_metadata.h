#pragma once
// Fooocus' own metadata scheme ("metadata_scheme": "fooocus"): a JSON
// object in the PNG "parameters" chunk (or a JPEG/WebP UserComment) with
// prompt, negative_prompt, steps, guidance_scale, seed (a string), sampler
// and scheduler (ComfyUI names), base_model and resolution "(w, h)", as
// Fooocus' modules/meta_parser.py writes it. Its "a1111" scheme is an A1111
// infotext and goes through infotext_parser.
#include <optional>

#include "core/metadata/image_settings.h"
#include "core/metadata/json_values.h"

namespace sd {

// True when `json` is Fooocus' scheme (by metadata_scheme or version).
bool isFooocusJson(const Json& json);
// nullopt when a setting a recipe needs (prompt, steps, seed) is missing.
std::optional<ImageSettings> parseFooocusJson(const Json& json);

}  // namespace sd
