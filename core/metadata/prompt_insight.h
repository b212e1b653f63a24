#pragma once
// Why an image matches its prompt, as stored with it (no torch, no Qt):
// which words matter, each left out in turn and the prompt re-scored with
// CLIP's text tower, and how the scores moved while the image was denoised.
#include <string>
#include <vector>

namespace sd {

// One word or bracketed group of the prompt (core/text/prompt_syntax.h
// promptUnits) and the own prompt's CLIP scores without it.
struct WordInfluence {
  std::string text;
  int begin = 0, end = 0;    // byte offsets in the prompt
  double probability = 0;    // the own prompt's probability against the comparison set, without it
  double logit = 0;          // logitScale · cos(image, prompt without it)
};

struct PromptExplanation {
  double probability = 0;  // the whole prompt's, for reference
  double logit = 0;
  std::vector<WordInfluence> units;
  bool empty() const { return units.empty(); }
};

// Every few steps the scheduler's x₀ estimate, decoded and scored against
// the comparison set: probabilities[i][k] for steps[i] and prompt k.
struct ScoreTrajectory {
  std::string decoder;  // "approximation" (linear latent → RGB) or "vae"
  std::vector<int> steps;
  std::vector<std::vector<double>> probabilities;
  // The comparison set it was scored against: the image's set may be edited
  // later (the window re-scores the gallery), the trajectory keeps its own.
  // Empty in files from before it was stored: then the recipe's set.
  std::vector<std::string> prompts;
  bool empty() const { return steps.empty(); }
};

}  // namespace sd
