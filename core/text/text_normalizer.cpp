#include "core/text/text_normalizer.h"

#include <algorithm>

#include "core/text/ftfy_encoding.h"
#include "core/text/ftfy_fixes.h"
#include "core/text/html_entities.h"
#include "core/text/unicode_text.h"

namespace sd {
namespace text {
namespace {

// ftfy's TextFixerConfig.max_decode_length: longer lines are cut into pieces.
constexpr size_t kMaxSegmentLength = 1000000;
constexpr int kMaxFixIterations = 16;

// ftfy.fix_and_explain for one segment, without the explanation.
std::u32string fixSegment(std::u32string_view segment, bool unescapeHtml) {
  std::u32string text(segment);
  for (int i = 0; i < kMaxFixIterations; ++i) {
    const std::u32string original = text;
    if (unescapeHtml) text = ftfyUnescapeHtml(text);
    text = fixEncoding(text);
    text = fixC1Controls(text);
    text = fixLatinLigatures(text);
    text = fixCharacterWidth(text);
    text = uncurlQuotes(text);
    text = fixLineBreaks(text);
    // fix_surrogates has nothing to do: UTF-32 from UTF-8 holds no surrogates.
    text = removeTerminalEscapes(text);
    text = removeControlChars(text);
    text = normalizeNfc(text);
    if (text == original) break;
  }
  return text;
}

// re.sub(r"\s+", " ", text).strip()
std::u32string whitespaceClean(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  bool inSpace = false;
  for (char32_t c : text) {
    if (isPythonSpace(c)) {
      inSpace = true;
      continue;
    }
    if (inSpace && !out.empty()) out.push_back(U' ');
    inSpace = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::u32string fixText(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  bool unescapeHtml = true;  // ftfy's unescape_html="auto"
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t newline = text.find(U'\n', pos);
    size_t end = newline == std::u32string_view::npos ? text.size() : newline + 1;
    end = std::min(end, pos + kMaxSegmentLength);
    const std::u32string_view segment = text.substr(pos, end - pos);
    // Text with a '<' may be HTML, where entities must stay escaped; ftfy
    // keeps that decision for the rest of the text.
    if (unescapeHtml && segment.find(U'<') != std::u32string_view::npos) unescapeHtml = false;
    out += fixSegment(segment, unescapeHtml);
    pos = end;
  }
  return out;
}

std::u32string cleanPromptText32(std::string_view utf8) {
  std::u32string text = fixText(utf8ToUtf32(utf8));
  text = htmlUnescape(htmlUnescape(text));
  // basic_clean's strip() is subsumed: whitespace_clean strips as well.
  text = whitespaceClean(text);
  return toLowerPython(text);
}

}  // namespace text

std::string cleanPromptText(std::string_view text) {
  return text::utf32ToUtf8(text::cleanPromptText32(text));
}

}  // namespace sd
