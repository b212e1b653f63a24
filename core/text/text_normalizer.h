#pragma once
#include <string>
#include <string_view>

namespace sd {

// The text CLIP's BPE actually sees, as openai's SimpleTokenizer.encode
// prepares it (clip/simple_tokenizer.py, the tokenizer of SD v1.4):
//   whitespace_clean(basic_clean(text)).lower()
// basic_clean = ftfy.fix_text, html.unescape twice, strip;
// whitespace_clean = collapse runs of whitespace to one space, strip.
// Input and output are UTF-8.
std::string cleanPromptText(std::string_view text);

namespace text {

// ftfy 6.1's fix_text() with its default configuration, restricted to the
// repairs that can change a prompt (see ftfy_fixes.h): line by line, each
// line repaired until it stops changing, HTML entities only while no '<' has
// been seen.
std::u32string fixText(std::u32string_view text);

// cleanPromptText on UTF-32, for the tokenizer (saves one conversion).
std::u32string cleanPromptText32(std::string_view utf8);

}  // namespace text
}  // namespace sd
