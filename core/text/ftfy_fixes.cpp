#include "core/text/ftfy_fixes.h"

#include <array>

#include "core/text/unicode_text.h"

namespace sd::text {
namespace {

struct Ligature {
  char32_t from;
  std::u32string_view to;
};

// ftfy chardata.LIGATURES: Latin typographic ligatures and legacy digraphs,
// but not ligatures such as æ that are written on purpose.
constexpr std::array<Ligature, 22> kLigatures = {{
    {U'\u0132', U"IJ"}, {U'\u0133', U"ij"}, {U'\u0149', U"\u02BCn"}, {U'\u01F1', U"DZ"},
    {U'\u01F2', U"Dz"}, {U'\u01F3', U"dz"}, {U'\u01C4', U"D\u017D"}, {U'\u01C5', U"D\u017E"},
    {U'\u01C6', U"d\u017E"}, {U'\u01C7', U"LJ"}, {U'\u01C8', U"Lj"}, {U'\u01C9', U"lj"},
    {U'\u01CA', U"NJ"}, {U'\u01CB', U"Nj"}, {U'\u01CC', U"nj"}, {U'\uFB00', U"ff"},
    {U'\uFB01', U"fi"}, {U'\uFB02', U"fl"}, {U'\uFB03', U"ffi"}, {U'\uFB04', U"ffl"},
    {U'\uFB05', U"\u017Ft"}, {U'\uFB06', U"st"},
}};

// ftfy chardata.WIDTH_MAP: U+FF01..U+FFEF whose NFKC form differs (full-width
// ASCII, half-width katakana and hangul), plus the ideographic space.
const std::array<std::u32string, 0xFFF0 - 0xFF01>& widthMap() {
  static const auto table = [] {
    std::array<std::u32string, 0xFFF0 - 0xFF01> map;
    for (char32_t cp = 0xFF01; cp < 0xFFF0; ++cp) {
      const std::u32string one(1, cp);
      std::u32string alternate = normalizeNfkc(one);
      if (alternate != one) map[cp - 0xFF01] = std::move(alternate);
    }
    return map;
  }();
  return table;
}

bool isRemovedControl(char32_t cp) {
  return cp <= 0x08 || cp == 0x0B || (cp >= 0x0E && cp <= 0x1F) || cp == 0x7F || (cp >= 0x206A && cp <= 0x206F) ||
         cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFC);
}

}  // namespace

std::u32string fixC1Controls(std::u32string_view text) {
  std::u32string out(text);
  for (char32_t& c : out) {
    if (c >= 0x80 && c <= 0x9F) c = sloppyWindows1252High(static_cast<unsigned char>(c));
  }
  return out;
}

std::u32string fixLatinLigatures(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (char32_t c : text) {
    const Ligature* hit = nullptr;
    for (const Ligature& l : kLigatures) {
      if (l.from == c) hit = &l;
    }
    if (hit) out.append(hit->to);
    else out.push_back(c);
  }
  return out;
}

std::u32string fixCharacterWidth(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (char32_t c : text) {
    if (c == 0x3000) out.push_back(U' ');
    else if (c >= 0xFF01 && c < 0xFFF0 && !widthMap()[c - 0xFF01].empty()) out += widthMap()[c - 0xFF01];
    else out.push_back(c);
  }
  return out;
}

std::u32string uncurlQuotes(std::u32string_view text) {
  std::u32string out(text);
  for (char32_t& c : out) {
    if (c == 0x02BC || (c >= 0x2018 && c <= 0x201B)) c = U'\'';
    else if (c >= 0x201C && c <= 0x201F) c = U'"';
  }
  return out;
}

std::u32string fixLineBreaks(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char32_t c = text[i];
    if (c == U'\r') {
      out.push_back(U'\n');
      if (i + 1 < text.size() && text[i + 1] == U'\n') ++i;
    } else if (c == 0x2028 || c == 0x2029 || c == 0x85) {
      out.push_back(U'\n');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::u32string removeTerminalEscapes(std::u32string_view text) {
  // ftfy's ANSI_RE: \033\[((?:\d|;)*)([a-zA-Z])
  std::u32string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == 0x1B && i + 1 < text.size() && text[i + 1] == U'[') {
      size_t j = i + 2;
      while (j < text.size() && (isDecimalDigit(text[j]) || text[j] == U';')) ++j;
      const char32_t last = j < text.size() ? (text[j] | 0x20) : 0;  // ASCII lower-case
      const bool letter = last >= U'a' && last <= U'z';
      if (letter) {
        i = j + 1;
        continue;
      }
    }
    out.push_back(text[i++]);
  }
  return out;
}

std::u32string removeControlChars(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (char32_t c : text) {
    if (!isRemovedControl(c)) out.push_back(c);
  }
  return out;
}

}  // namespace sd::text
