#pragma once
// The warning generate prints when a prompt is longer than CLIP scoring
// reads (generation reads it all): which prompt, how long, and the words
// its score leaves out.
#include <string>

#include "core/text/prompt_truncation.h"

namespace sd::cli {

// "warning: prompt 2 "a castle on a hill, …" has 90 tokens; CLIP scoring
// reads the first 75, so its score leaves out: "…"" (one line, for stderr).
std::string truncationWarning(const std::string& label, const std::string& text, const PromptTruncation& truncation);

}  // namespace sd::cli
