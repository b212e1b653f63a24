#pragma once
// The score trajectory as an inline SVG line chart for the exported HTML
// page: x the denoising step, y the CLIP probability (0–100 %), one line
// per comparison prompt, the image's own prompt in the bars' highlight
// colour. Each line's <title> names its prompt.
#include <string>
#include <vector>

#include "core/metadata/prompt_insight.h"

namespace sd {

std::string trajectorySvg(const ScoreTrajectory& trajectory, const std::vector<std::string>& prompts, int own,
                          int width = 300, int height = 110);

}  // namespace sd
