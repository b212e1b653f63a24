#include "app/cli/prompt_warnings.h"

namespace sd::cli {

namespace {

constexpr std::size_t kShownBytes = 48;

// The text's start, cut at a character boundary, so a long prompt is
// recognisable without flooding the terminal.
std::string beginning(const std::string& text) {
  if (text.size() <= kShownBytes) return text;
  std::size_t cut = kShownBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

}  // namespace

std::string truncationWarning(const std::string& label, const std::string& text, const PromptTruncation& t) {
  return "warning: " + label + " \"" + beginning(text) + "\" has " + std::to_string(t.tokens) +
         " tokens; CLIP scoring reads the first " + std::to_string(t.capacity) + ", so its score leaves out: \"" +
         t.dropped + "\"";
}

}  // namespace sd::cli
