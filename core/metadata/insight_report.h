#pragma once
// `sdstudio-cli info`'s view of prompt_insight.h: which words matter and the
// score trajectory, as text lines and as top-level JSON members.
#include <string>

#include <nlohmann/json.hpp>

#include "core/metadata/image_recipe.h"

namespace sd {

// "Which words matter…" and "Score trajectory…" sections ("" when neither).
std::string insightText(const ImageRecipe& r);
// "explanation": {probability, logit, units: [...]}, "trajectory": {decoder,
// steps, prompts, probabilities}, when the image has them.
void addInsightReportJson(nlohmann::ordered_json& j, const ImageRecipe& r);

}  // namespace sd
