#pragma once
// What of a prompt CLIP scoring never reads. Generation reads every token
// (75-token chunks, core/text/prompt_chunks.h), but CLIP's text tower takes
// 75 content tokens (77 with start and end) of the prompt's plain text (the
// emphasis syntax removed), so a longer prompt is scored on its beginning.
// The CLI warns and the exports mark such prompts, with the words left out.
#include <string>
#include <string_view>

namespace sd {

class ClipTokenizer;

struct PromptTruncation {
  int tokens = 0;        // content tokens of the prompt's plain text
  int capacity = 0;      // content tokens CLIP scoring reads (75)
  std::string dropped;   // the tokens past it decoded back to text ("" when none)
  bool truncated() const { return tokens > capacity; }
};

PromptTruncation scoringTruncation(const ClipTokenizer& tokenizer, std::string_view prompt);

}  // namespace sd
