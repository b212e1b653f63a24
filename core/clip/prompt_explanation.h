#pragma once
// Which words matter: each word or bracketed group of a prompt left out in
// turn (core/text/prompt_syntax.h promptUnits), the rest re-scored with
// CLIP's text tower against the image's stored embedding and the same
// comparison set. No image is re-rendered and the vision tower is not run,
// so a prompt is explained in seconds on a CPU. No torch in this header.
#include <functional>
#include <string>
#include <vector>

#include "core/clip/clip_scores.h"
#include "core/metadata/prompt_insight.h"
#include "core/text/prompt_syntax.h"

namespace sd {

class ClipScorer;

// The prompt's units and the text embeddings of the prompt without each:
// the same for every image of the prompt, so made once per prompt.
// Words past the first kMaxExplainedUnits are not left out in turn: CLIP
// reads the first 77 tokens, so they cannot change the score, and each
// costs a text-encoder pass and a copy of the prompt (20,000 words: minutes
// and gigabytes).
inline constexpr std::size_t kMaxExplainedUnits = 256;

struct PromptAblations {
  std::vector<PromptUnit> units;
  std::vector<ClipEmbedding> embeddings;  // one per unit
  std::size_t unitsNotExplained = 0;      // past kMaxExplainedUnits
};
PromptAblations embedAblations(const ClipScorer& scorer, const std::string& prompt);
// The same with any text tower (the window's worker embeds through its own
// seam, app/studio/engines.h, which tests fill with fakes).
using EmbedTextsFn = std::function<std::vector<ClipEmbedding>(const std::vector<std::string>&)>;
PromptAblations embedAblations(const EmbedTextsFn& embedTexts, const std::string& prompt);

// Pure arithmetic on embeddings: the own prompt's probability and logit
// with its embedding replaced by each ablation. `comparison` holds the
// set's text embeddings, the prompt itself at `own`.
PromptExplanation explainWithAblations(const ClipEmbedding& image, const std::vector<ClipEmbedding>& comparison,
                                       int own, const PromptAblations& ablations, float logitScale,
                                       float temperature = kDefaultClipTemperature);

// Both steps for one image; the prompt joins the comparison set when it is
// not in it (with a set of one, probabilities stay 1 and the logits tell).
PromptExplanation explainPrompt(const ClipScorer& scorer, const ClipEmbedding& image, const std::string& prompt,
                                std::vector<std::string> comparisonPrompts,
                                float temperature = kDefaultClipTemperature);

}  // namespace sd
