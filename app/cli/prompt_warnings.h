#pragma once
// The warning generate and tokenize print when a text is longer than the
// text encoder reads: which text, how long, and the words that are dropped.
#include <string>

#include "core/text/prompt_truncation.h"

namespace sd::cli {

// "warning: prompt 2 "a castle on a hill, …" has 90 tokens; only the first
// 75 are used, so these are dropped: "…"" (one line, for stderr).
std::string truncationWarning(const std::string& label, const std::string& text, const PromptTruncation& truncation);

}  // namespace sd::cli
