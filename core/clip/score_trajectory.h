#pragma once
// The score trajectory of one image: each decoded x₀ estimate embedded and
// scored against the comparison set. Made once here for the CLI (through
// RecipeScoring) and the window's worker (through its engine seam), so both
// store the same numbers. No torch in this header.
#include <functional>
#include <string>
#include <vector>

#include "core/clip/clip_scores.h"
#include "core/metadata/prompt_insight.h"
#include "core/pipeline/generation_result.h"

namespace sd {

using EmbedImagesFn = std::function<std::vector<ClipEmbedding>(const std::vector<RgbImage>&)>;

// probabilities[i][k]: estimates[i] against prompts[k] (text embeddings[k]). Empty estimates give
// an empty trajectory (no CLIP call).
ScoreTrajectory scoreTrajectory(const std::vector<StepEstimate>& estimates, const EmbedImagesFn& embedImages,
                                const std::vector<std::string>& prompts, const std::vector<ClipEmbedding>& embeddings,
                                float logitScale,
                                const std::string& decoder, float temperature = kDefaultClipTemperature);

}  // namespace sd
