#pragma once
// The "sdstudio" JSON members of prompt_insight.h and CLIP's token counts:
// clip.prompt_tokens, clip.token_limit, clip.explanation, trajectory.
// Additive to schema 1: older readers skip them, older files lack them.
#include <nlohmann/json.hpp>

#include "core/metadata/image_recipe.h"

namespace sd {

void writeInsightJson(nlohmann::ordered_json& recipe, const ImageRecipe& r);
// Throws sd::Error naming a member of the wrong type or beyond the bounds
// metadata from strangers is held to.
void readInsightJson(const nlohmann::json& recipe, ImageRecipe& r);

}  // namespace sd
