#include "core/text/html_entities.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "core/text/unicode_text.h"

namespace sd::text {
namespace {

struct EntityEntry {
  std::string_view name;
  std::string_view value;  // UTF-8
};

#include "core/text/html_entities_table.inc"

template <size_t N>
const EntityEntry* findEntity(const EntityEntry (&table)[N], std::string_view name) {
  const auto it = std::lower_bound(std::begin(table), std::end(table), name,
                                   [](const EntityEntry& e, std::string_view n) { return e.name < n; });
  return (it != std::end(table) && it->name == name) ? it : nullptr;
}

bool isAsciiDigit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool isAsciiHexDigit(char32_t c) {
  return isAsciiDigit(c) || (c >= U'a' && c <= U'f') || (c >= U'A' && c <= U'F');
}
bool isAsciiAlnum(char32_t c) {
  return isAsciiDigit(c) || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}

// Code points html.unescape() drops entirely (html._invalid_codepoints).
bool isDroppedCodepoint(uint32_t cp) {
  if ((cp >= 0x1 && cp <= 0x8) || cp == 0xB || (cp >= 0xE && cp <= 0x1F) || (cp >= 0x7F && cp <= 0x9F)) return true;
  if (cp >= 0xFDD0 && cp <= 0xFDEF) return true;
  return (cp & 0xFFFE) == 0xFFFE;  // U+xFFFE / U+xFFFF noncharacters of every plane
}

// Numeric reference value -> replacement text, as html._replace_charref.
std::u32string numericReference(uint64_t num) {
  if (num == 0) return U"\uFFFD";
  if (num == 0x0D) return U"\r";
  if (num >= 0x80 && num <= 0x9F) return std::u32string(1, sloppyWindows1252High(static_cast<unsigned char>(num)));
  if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) return U"\uFFFD";
  if (isDroppedCodepoint(static_cast<uint32_t>(num))) return U"";
  return std::u32string(1, static_cast<char32_t>(num));
}

// Parses digits [begin, end) saturating above the Unicode range, so a 40-digit
// reference cannot overflow and still maps to U+FFFD like Python's int().
uint64_t parseNumber(std::u32string_view digits, int base) {
  uint64_t value = 0;
  for (char32_t c : digits) {
    const uint32_t d = isAsciiDigit(c) ? c - U'0' : (c | 0x20) - U'a' + 10;
    value = std::min<uint64_t>(value * static_cast<uint64_t>(base) + d, 0x7FFFFFFF);
  }
  return value;
}

// Matches html's `#[0-9]+;?|#[xX][0-9a-fA-F]+;?` at text[pos] == '#'.
// Returns the consumed length (0: no match) and writes the replacement.
size_t matchNumeric(std::u32string_view text, size_t pos, std::u32string& replacement) {
  size_t i = pos + 1;
  int base = 10;
  if (i < text.size() && (text[i] == U'x' || text[i] == U'X')) {
    base = 16;
    ++i;
  }
  const size_t digitsBegin = i;
  while (i < text.size() && (base == 16 ? isAsciiHexDigit(text[i]) : isAsciiDigit(text[i]))) ++i;
  if (i == digitsBegin) return 0;
  replacement = numericReference(parseNumber(text.substr(digitsBegin, i - digitsBegin), base));
  if (i < text.size() && text[i] == U';') ++i;
  return i - pos;
}

// Matches html's `[^\t\n\f <&#;]{1,32};?` at text[pos] and resolves it.
size_t matchNamed(std::u32string_view text, size_t pos, std::u32string& replacement) {
  size_t i = pos;
  auto allowed = [](char32_t c) {
    return c != U'\t' && c != U'\n' && c != U'\f' && c != U' ' && c != U'<' && c != U'&' && c != U'#' && c != U';';
  };
  while (i < text.size() && i - pos < 32 && allowed(text[i])) ++i;
  if (i == pos) return 0;
  if (i < text.size() && text[i] == U';') ++i;
  const std::u32string_view ref = text.substr(pos, i - pos);
  const std::string name = utf32ToUtf8(ref);
  if (const EntityEntry* e = findEntity(kHtml5Entities, name)) {
    replacement = utf8ToUtf32(e->value);
    return ref.size();
  }
  // Longest prefix of at least two characters that is a (legacy) entity name.
  for (size_t len = ref.size() - 1; len > 1; --len) {
    if (const EntityEntry* e = findEntity(kHtml5Entities, utf32ToUtf8(ref.substr(0, len)))) {
      replacement = utf8ToUtf32(e->value);
      replacement.append(ref.substr(len));
      return ref.size();
    }
  }
  replacement.assign(1, U'&');  // not = U"&": GCC 12 -Wrestrict false positive
  replacement.append(ref);
  return ref.size();
}

}  // namespace

std::u32string htmlUnescape(std::u32string_view text) {
  if (text.find(U'&') == std::u32string_view::npos) return std::u32string(text);
  std::u32string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != U'&' || i + 1 >= text.size()) {
      out.push_back(text[i++]);
      continue;
    }
    std::u32string replacement;
    const size_t consumed = text[i + 1] == U'#' ? matchNumeric(text, i + 1, replacement)
                                                : matchNamed(text, i + 1, replacement);
    if (consumed == 0) {
      out.push_back(text[i++]);
      continue;
    }
    out += replacement;
    i += 1 + consumed;
  }
  return out;
}

std::u32string ftfyUnescapeHtml(std::u32string_view text) {
  // ftfy's HTML_ENTITY_RE is `&#?[0-9A-Za-z]{1,24};`.
  std::u32string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != U'&') {
      out.push_back(text[i++]);
      continue;
    }
    size_t j = i + 1;
    const bool numeric = j < text.size() && text[j] == U'#';
    if (numeric) ++j;
    const size_t nameBegin = j;
    while (j < text.size() && j - nameBegin < 24 && isAsciiAlnum(text[j])) ++j;
    if (j == nameBegin || j >= text.size() || text[j] != U';') {
      out.push_back(text[i++]);
      continue;
    }
    const std::u32string_view entity = text.substr(i, j + 1 - i);  // "&...;"
    const std::string key = utf32ToUtf8(entity.substr(1));
    std::u32string replacement(entity);
    if (const EntityEntry* e = numeric ? nullptr : findEntity(kHtml5Entities, key)) {
      replacement = utf8ToUtf32(e->value);
    } else if (const EntityEntry* u = numeric ? nullptr : findEntity(kFtfyUppercaseEntities, key)) {
      replacement = utf8ToUtf32(u->value);
    } else if (numeric) {
      const std::u32string decoded = htmlUnescape(entity);
      if (decoded.find(U';') == std::u32string::npos) replacement = decoded;
    }
    out += replacement;
    i = j + 1;
  }
  return out;
}

}  // namespace sd::text
