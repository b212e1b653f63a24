#pragma once
// NovelAI's PNG metadata: "Description" (the prompt), "Software" (NovelAI),
// "Source" (model name and hash, "Stable Diffusion 1D44365E") and "Comment",
// a JSON object with steps, sampler, seed, scale, uc (the negative prompt),
// width/height and noise_schedule. The same keys arrive as text chunks or,
// in newer images, as a stealth-alpha JSON object.
#include <optional>

#include "core/metadata/image_settings.h"
#include "core/metadata/metadata_text.h"

namespace sd {

bool isNovelAi(const MetadataText& text);  // Software "NovelAI", or Comment JSON beside Source
// nullopt when Comment is not a JSON object with steps, seed and sampler.
std::optional<ImageSettings> parseNovelAi(const MetadataText& text);

}  // namespace sd
