#pragma once
// What of a prompt the text encoder never sees: CLIP reads 75 content
// tokens (77 with start and end), and diffusers silently cuts the rest. The
// CLI and the window warn with the words that were dropped.
#include <string>
#include <string_view>

namespace sd {

class ClipTokenizer;

struct PromptTruncation {
  int tokens = 0;        // content tokens of the whole text
  int capacity = 0;      // content tokens the text encoder sees (75 for SD v1.4)
  std::string dropped;   // the dropped tokens decoded back to text ("" when none)
  bool truncated() const { return tokens > capacity; }
};

PromptTruncation checkPromptLength(const ClipTokenizer& tokenizer, std::string_view text);

}  // namespace sd
