#pragma once
// "Which words matter" as inline SVG for the exported HTML page: one row per
// word or bracketed group of the prompt, in prompt order, with a bar as long
// as the change of the own prompt's CLIP probability when it is left out
// (the logit's change when the comparison set has one prompt, whose
// probability never moves). Orange: leaving the word out lowers the score,
// so the image matches it; grey: the image matches better without it.
#include <string>

#include "core/metadata/prompt_insight.h"

namespace sd {

std::string wordInfluenceSvg(const PromptExplanation& explanation, int width = 300);

}  // namespace sd
