#pragma once
// A1111's prompt emphasis syntax, parsed once for the pipeline (weights on
// the text embeddings), CLIP scoring (the words without the syntax) and
// `explain` (which words and groups a prompt is made of). Ported from the
// behaviour of stable-diffusion-webui's modules/prompt_parser.py,
// parse_prompt_attention:
//   (text) ×1.1   ((text)) ×1.21   [text] ÷1.1   (text:1.3) ×1.3
//   \( \) \[ \] \\  literal brackets and backslash   BREAK  starts a new chunk
// Unbalanced brackets apply to the end of the prompt; stray closers are text.
//
// Where A1111 misbehaves we differ, on purpose:
//   - a weight Python's float() rejects ("(a:1.2.3)", "(a:.)") raises an
//     error there; here the ':' and digits are text and ')' closes with ×1.1,
//     as if the weight pattern had not matched. So does a weight too large
//     for a double.
//   - a weight beyond ±kMaxPromptWeight, given or from nesting, is held there.
//   - BREAK inside brackets is text with weight −1.1 there (its marker is
//     weight −1, which the bracket multiplies); here BREAK always breaks.
//   - \s and \b around BREAK treat every byte ≥ 0x80 as a word character and
//     only ASCII spaces as whitespace (Python's are Unicode-aware).
// Extra-network tags (<lora:name:1>, core/text/extra_network_tags.h) are
// taken out first, as A1111 does: they are neither text nor units.
// Prompt editing ([a:b:0.5]), alternation ([a|b]) and AND are not parsed:
// their brackets and colons read as emphasis and text, as here.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sd {

inline constexpr double kEmphasisMultiplier = 1.1;
// Weights are held to ±1e6: A1111 lets nesting overflow ("(((…" 7,500 deep
// is an infinite weight) and then renders NaN, a black image. Far below
// float's range, far above any weight that means something.
inline constexpr double kMaxPromptWeight = 1e6;

// A run of prompt text with its weight, or a BREAK marker (text empty).
struct PromptFragment {
  std::string text;
  double weight = 1.0;
  bool isBreak = false;
  bool operator==(const PromptFragment&) const = default;
};

// Fragments in prompt order; neighbours of equal weight are merged (so
// "(a)(b)" is one fragment "ab", tokenized as one word, as in A1111). Never
// empty: an empty prompt is one empty fragment of weight 1.
std::vector<PromptFragment> parsePromptWeights(std::string_view prompt);

// The prompt's words without the syntax (BREAK becomes a space): what CLIP
// scoring reads, since its text tower knows nothing of weights.
std::string promptPlainText(std::string_view prompt);

// True when the prompt uses emphasis, escapes or BREAK (its plain text differs).
bool hasPromptSyntax(std::string_view prompt);

// A word or a bracketed group at the top level of a prompt, as `explain`
// leaves them out one at a time. [begin, end) are byte offsets in the prompt.
struct PromptUnit {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string text;    // prompt.substr(begin, end - begin)
  bool group = false;  // a ( ) or [ ] group (an unclosed one runs to the end)
};

// Words are runs without whitespace, commas and unescaped brackets; BREAK is
// not a unit. A group spans its matching bracket, nested brackets included.
std::vector<PromptUnit> promptUnits(std::string_view prompt);

// The prompt with one unit cut out.
std::string withoutUnit(std::string_view prompt, const PromptUnit& unit);

}  // namespace sd
