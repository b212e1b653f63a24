#pragma once
#include <string_view>
#include <vector>

namespace sd::text {

// CLIP's pre-tokenizer: the words BPE runs on, as found by the pattern of
// openai's simple_tokenizer.py (regex module, IGNORECASE)
//   <\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
// as a hand-written scanner: alternatives are tried in order at each start,
// whitespace between matches is skipped. Returns views into `text`.
std::vector<std::u32string_view> clipPreTokenize(std::u32string_view text);

}  // namespace sd::text
