#include "core/text/clip_pretokenizer.h"

#include <array>

#include "core/text/unicode_text.h"

namespace sd::text {
namespace {

constexpr std::array<std::u32string_view, 2> kSpecialTokens = {U"<|startoftext|>", U"<|endoftext|>"};
constexpr std::array<std::u32string_view, 7> kContractions = {U"'s", U"'t", U"'re", U"'ve", U"'m", U"'ll", U"'d"};

// Case-insensitive literal match, the way IGNORECASE compares characters
// (simple case folding: "'ſ" matches "'s").
bool matchesLiteral(std::u32string_view text, size_t pos, std::u32string_view literal) {
  if (text.size() - pos < literal.size()) return false;
  for (size_t k = 0; k < literal.size(); ++k) {
    if (simpleCaseFold(text[pos + k]) != literal[k]) return false;
  }
  return true;
}

size_t matchLiteralAlternatives(std::u32string_view text, size_t pos) {
  if (text[pos] == U'<') {
    for (std::u32string_view special : kSpecialTokens) {
      if (matchesLiteral(text, pos, special)) return special.size();
    }
  } else if (text[pos] == U'\'') {
    for (std::u32string_view contraction : kContractions) {
      if (matchesLiteral(text, pos, contraction)) return contraction.size();
    }
  }
  return 0;
}

bool isOther(char32_t c) { return !isPythonSpace(c) && !isLetter(c) && !isNumber(c); }

}  // namespace

std::vector<std::u32string_view> clipPreTokenize(std::u32string_view text) {
  std::vector<std::u32string_view> tokens;
  size_t i = 0;
  while (i < text.size()) {
    const char32_t c = text[i];
    size_t length = matchLiteralAlternatives(text, i);
    if (length == 0) {
      if (isLetter(c)) {
        length = 1;
        while (i + length < text.size() && isLetter(text[i + length])) ++length;
      } else if (isNumber(c)) {
        length = 1;  // digits are single tokens
      } else if (isOther(c)) {
        length = 1;
        while (i + length < text.size() && isOther(text[i + length])) ++length;
      }
    }
    if (length == 0) {  // whitespace: no alternative matches here
      ++i;
      continue;
    }
    tokens.push_back(text.substr(i, length));
    i += length;
  }
  return tokens;
}

}  // namespace sd::text
