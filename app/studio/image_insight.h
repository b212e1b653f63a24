#pragma once
// The window's half of issue 12's insight for one finished image: which
// words of its prompt its CLIP score rests on, and its score trajectory.
// Runs on the inference thread through the worker's engine seam (so fake
// engines serve tests too) with core's functions — the same numbers the CLI
// stores. No torch here.
#include <map>
#include <string>
#include <vector>

#include "app/studio/engines.h"
#include "core/clip/prompt_explanation.h"
#include "core/metadata/prompt_insight.h"

namespace sd::studio {

struct ImageInsightInput {
  ClipEmbedding image;                        // the finished image's embedding
  const std::vector<StepEstimate>* estimates = nullptr;  // decoded x₀ estimates (may be empty)
  std::string prompt;                         // the image's own prompt, as in the comparison set
  std::vector<std::string> comparisonPrompts;
  std::vector<ClipEmbedding> comparison;      // their text embeddings, in order
  float temperature = kDefaultClipTemperature;
  std::string decoder;                        // "approximation" or "vae"
};

struct ImageInsightResult {
  PromptExplanation explanation;
  ScoreTrajectory trajectory;
};

class ImageInsight {
 public:
  // A new CLIP model makes the cached ablation embeddings stale.
  void clear() { m_ablations.clear(); }
  ImageInsightResult compute(ImageScorer& scorer, const ImageInsightInput& in);

 private:
  // The prompt without each of its words, embedded once per prompt: a batch
  // of eight images of one prompt costs one text-tower pass, not eight.
  std::map<std::string, PromptAblations> m_ablations;
};

}  // namespace sd::studio
