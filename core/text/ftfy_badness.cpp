#include "core/text/ftfy_badness.h"

#include <cstdint>
#include <vector>

#include "core/text/unicode_text.h"

// A port of ftfy 6.1's badness.BADNESS_RE (python-ftfy, ftfy/badness.py):
// the character categories of MOJIBAKE_CATEGORIES and, in badAt*(), one
// check per alternative of the regex, in the same order. The regex is only
// searched, so checking every alternative at every position is equivalent.
namespace sd::text {
namespace {

enum Category : uint32_t {
  kCommon = 1u << 0,
  kC1 = 1u << 1,
  kBad = 1u << 2,
  kLaw = 1u << 3,
  kCurrency = 1u << 4,
  kStartPunctuation = 1u << 5,
  kEndPunctuation = 1u << 6,
  kNumeric = 1u << 7,
  kKaomoji = 1u << 8,
  kUpperAccented = 1u << 9,
  kLowerAccented = 1u << 10,
  kUpperCommon = 1u << 11,
  kLowerCommon = 1u << 12,
  kBox = 1u << 13,
};

struct CategoryRange {
  char32_t first;
  char32_t last;
  uint32_t category;
};

// MOJIBAKE_CATEGORIES, as code point ranges.
constexpr CategoryRange kCategoryRanges[] = {
    {0x00A0, 0x00A0, kCommon}, {0x00AD, 0x00AD, kCommon}, {0x00B4, 0x00B4, kCommon}, {0x00B7, 0x00B7, kCommon},
    {0x2013, 0x2015, kCommon}, {0x2019, 0x2019, kCommon}, {0x2026, 0x2026, kCommon},
    {0x0080, 0x009F, kC1},
    {0x00A4, 0x00A4, kBad}, {0x00A6, 0x00A6, kBad}, {0x00A8, 0x00A8, kBad}, {0x00AA, 0x00AA, kBad},
    {0x00AC, 0x00AC, kBad}, {0x00AF, 0x00AF, kBad}, {0x00B8, 0x00B8, kBad}, {0x00BA, 0x00BA, kBad},
    {0x0192, 0x0192, kBad}, {0x02C6, 0x02C7, kBad}, {0x02D8, 0x02D8, kBad}, {0x02DB, 0x02DC, kBad},
    {0x2020, 0x2021, kBad}, {0x2030, 0x2030, kBad}, {0x2310, 0x2310, kBad}, {0x25CA, 0x25CA, kBad},
    {0xFFFD, 0xFFFD, kBad},
    {0x00A7, 0x00A7, kLaw}, {0x00B6, 0x00B6, kLaw},
    {0x00A2, 0x00A3, kCurrency}, {0x00A5, 0x00A5, kCurrency}, {0x20A7, 0x20A7, kCurrency},
    {0x20AC, 0x20AC, kCurrency},
    {0x00A1, 0x00A1, kStartPunctuation}, {0x00A9, 0x00A9, kStartPunctuation},
    {0x00AB, 0x00AB, kStartPunctuation}, {0x00BF, 0x00BF, kStartPunctuation},
    {0x0384, 0x0385, kStartPunctuation}, {0x2018, 0x2018, kStartPunctuation},
    {0x201A, 0x201A, kStartPunctuation}, {0x201C, 0x201C, kStartPunctuation},
    {0x201E, 0x201E, kStartPunctuation}, {0x2022, 0x2022, kStartPunctuation},
    {0x2039, 0x2039, kStartPunctuation}, {0xF8FF, 0xF8FF, kStartPunctuation},
    {0x00AE, 0x00AE, kEndPunctuation}, {0x00BB, 0x00BB, kEndPunctuation}, {0x02DD, 0x02DD, kEndPunctuation},
    {0x201D, 0x201D, kEndPunctuation}, {0x203A, 0x203A, kEndPunctuation}, {0x2122, 0x2122, kEndPunctuation},
    {0x00B1, 0x00B3, kNumeric}, {0x00B5, 0x00B5, kNumeric}, {0x00B9, 0x00B9, kNumeric},
    {0x00BC, 0x00BE, kNumeric}, {0x00D7, 0x00D7, kNumeric}, {0x00F7, 0x00F7, kNumeric},
    {0x2044, 0x2044, kNumeric}, {0x2116, 0x2116, kNumeric}, {0x2202, 0x2202, kNumeric},
    {0x2206, 0x2206, kNumeric}, {0x220F, 0x220F, kNumeric}, {0x2211, 0x2211, kNumeric},
    {0x221A, 0x221A, kNumeric}, {0x221E, 0x221E, kNumeric}, {0x2229, 0x2229, kNumeric},
    {0x222B, 0x222B, kNumeric}, {0x2248, 0x2248, kNumeric}, {0x2260, 0x2261, kNumeric},
    {0x2264, 0x2265, kNumeric},
    {0x00B0, 0x00B0, kKaomoji}, {0x00D2, 0x00D6, kKaomoji}, {0x00D9, 0x00DC, kKaomoji},
    {0x00F2, 0x00F6, kKaomoji}, {0x00F8, 0x00FC, kKaomoji}, {0x014C, 0x014C, kKaomoji},
    {0x0150, 0x0150, kKaomoji}, {0x016A, 0x016A, kKaomoji}, {0x0172, 0x0172, kKaomoji},
    {0x00C0, 0x00D1, kUpperAccented}, {0x00D8, 0x00D8, kUpperAccented}, {0x00DC, 0x00DD, kUpperAccented},
    {0x0100, 0x0100, kUpperAccented}, {0x0102, 0x0102, kUpperAccented}, {0x0104, 0x0104, kUpperAccented},
    {0x0106, 0x0106, kUpperAccented}, {0x010C, 0x010C, kUpperAccented}, {0x010E, 0x010E, kUpperAccented},
    {0x0110, 0x0110, kUpperAccented}, {0x0112, 0x0112, kUpperAccented}, {0x0116, 0x0116, kUpperAccented},
    {0x0118, 0x0118, kUpperAccented}, {0x011A, 0x011A, kUpperAccented}, {0x011E, 0x011E, kUpperAccented},
    {0x0122, 0x0122, kUpperAccented}, {0x012A, 0x012A, kUpperAccented}, {0x0130, 0x0130, kUpperAccented},
    {0x0136, 0x0136, kUpperAccented}, {0x0139, 0x0139, kUpperAccented}, {0x013B, 0x013B, kUpperAccented},
    {0x013D, 0x013D, kUpperAccented}, {0x0141, 0x0141, kUpperAccented}, {0x0143, 0x0143, kUpperAccented},
    {0x0145, 0x0145, kUpperAccented}, {0x0147, 0x0147, kUpperAccented}, {0x0152, 0x0152, kUpperAccented},
    {0x0158, 0x0158, kUpperAccented}, {0x015A, 0x015A, kUpperAccented}, {0x015E, 0x015E, kUpperAccented},
    {0x0160, 0x0160, kUpperAccented}, {0x0162, 0x0162, kUpperAccented}, {0x0164, 0x0164, kUpperAccented},
    {0x016E, 0x016E, kUpperAccented}, {0x0170, 0x0170, kUpperAccented}, {0x0178, 0x0179, kUpperAccented},
    {0x017B, 0x017B, kUpperAccented}, {0x017D, 0x017D, kUpperAccented}, {0x0490, 0x0490, kUpperAccented},
    {0x00DF, 0x00F1, kLowerAccented}, {0x00FC, 0x00FC, kLowerAccented}, {0x0101, 0x0101, kLowerAccented},
    {0x0103, 0x0103, kLowerAccented}, {0x0105, 0x0105, kLowerAccented}, {0x0107, 0x0107, kLowerAccented},
    {0x010D, 0x010D, kLowerAccented}, {0x010F, 0x010F, kLowerAccented}, {0x0111, 0x0111, kLowerAccented},
    {0x0113, 0x0113, kLowerAccented}, {0x0117, 0x0117, kLowerAccented}, {0x0119, 0x0119, kLowerAccented},
    {0x011B, 0x011B, kLowerAccented}, {0x011F, 0x011F, kLowerAccented}, {0x0123, 0x0123, kLowerAccented},
    {0x012B, 0x012B, kLowerAccented}, {0x012F, 0x012F, kLowerAccented}, {0x0137, 0x0137, kLowerAccented},
    {0x013A, 0x013A, kLowerAccented}, {0x013C, 0x013C, kLowerAccented}, {0x013E, 0x013E, kLowerAccented},
    {0x0142, 0x0142, kLowerAccented}, {0x0153, 0x0153, kLowerAccented}, {0x0155, 0x0155, kLowerAccented},
    {0x015B, 0x015B, kLowerAccented}, {0x015F, 0x015F, kLowerAccented}, {0x0161, 0x0161, kLowerAccented},
    {0x0165, 0x0165, kLowerAccented}, {0x017A, 0x017A, kLowerAccented}, {0x017C, 0x017C, kLowerAccented},
    {0x017E, 0x017E, kLowerAccented}, {0x0491, 0x0491, kLowerAccented}, {0xFB01, 0xFB02, kLowerAccented},
    {0x00DE, 0x00DE, kUpperCommon}, {0x0386, 0x0386, kUpperCommon}, {0x0388, 0x038A, kUpperCommon},
    {0x038C, 0x038C, kUpperCommon}, {0x038E, 0x038F, kUpperCommon}, {0x0391, 0x03AB, kUpperCommon},
    {0x0401, 0x042F, kUpperCommon},
    {0x03AC, 0x03C9, kLowerCommon}, {0x0430, 0x045F, kLowerCommon},
    {0x2502, 0x2502, kBox}, {0x250C, 0x250C, kBox}, {0x2510, 0x2510, kBox}, {0x2518, 0x2518, kBox},
    {0x251C, 0x251C, kBox}, {0x2524, 0x2524, kBox}, {0x252C, 0x252C, kBox}, {0x253C, 0x253C, kBox},
    {0x2550, 0x256C, kBox}, {0x2580, 0x2580, kBox}, {0x2584, 0x2584, kBox}, {0x2588, 0x2588, kBox},
    {0x258C, 0x258C, kBox}, {0x2590, 0x2593, kBox},
};

uint32_t categoriesOf(char32_t c) {
  if (c < 0x80) return 0;
  uint32_t mask = 0;
  for (const CategoryRange& r : kCategoryRanges) {
    if (c >= r.first && c <= r.last) mask |= r.category;
  }
  return mask;
}

// The text with each character's categories, and bounds-checked tests.
class Scan {
 public:
  explicit Scan(std::u32string_view text) : m_text(text), m_masks(text.size()) {
    for (size_t i = 0; i < text.size(); ++i) m_masks[i] = categoriesOf(text[i]);
  }
  size_t size() const { return m_text.size(); }
  bool is(size_t i, uint32_t categories) const { return i < m_masks.size() && (m_masks[i] & categories) != 0; }
  bool in(size_t i, std::u32string_view chars) const {
    return i < m_text.size() && chars.find(m_text[i]) != std::u32string_view::npos;
  }
  bool lower(size_t i) const { return i < m_text.size() && m_text[i] >= U'a' && m_text[i] <= U'z'; }
  bool letter(size_t i) const {
    return lower(i) || (i < m_text.size() && m_text[i] >= U'A' && m_text[i] <= U'Z');
  }
  bool space(size_t i) const { return i < m_text.size() && isPythonSpace(m_text[i]); }
  bool word(size_t i) const {
    return i < m_text.size() && (isLetter(m_text[i]) || isNumber(m_text[i]) || m_text[i] == U'_');
  }
  bool startsWith(size_t i, std::u32string_view s) const { return m_text.substr(i).starts_with(s); }

 private:
  std::u32string_view m_text;
  std::vector<uint32_t> m_masks;
};

constexpr uint32_t kAccented = kLowerAccented | kUpperAccented;
constexpr uint32_t kPunctuation = kStartPunctuation | kEndPunctuation;

// The category-pair alternatives.
bool badAtCategories(const Scan& s, size_t i) {
  return s.is(i, kC1) ||
         (s.is(i, kBad | kAccented | kBox | kPunctuation | kCurrency | kNumeric | kLaw) && s.is(i + 1, kBad)) ||
         (s.letter(i) && s.is(i + 1, kLowerCommon | kUpperCommon) && s.is(i + 2, kBad)) ||
         (s.is(i, kBad) && s.is(i + 1, kAccented | kBox | kPunctuation | kCurrency | kNumeric | kLaw)) ||
         (s.is(i, kLowerAccented | kLowerCommon | kBox | kEndPunctuation | kCurrency | kNumeric) &&
          s.is(i + 1, kUpperAccented)) ||
         (s.is(i, kBox | kEndPunctuation | kCurrency | kNumeric) && s.is(i + 1, kLowerAccented)) ||
         (s.is(i, kLowerAccented | kBox | kEndPunctuation) && s.is(i + 1, kCurrency)) ||
         (s.space(i) && s.is(i + 1, kUpperAccented) && s.is(i + 2, kCurrency)) ||
         (s.is(i, kUpperAccented | kBox) && s.is(i + 1, kNumeric | kLaw)) ||
         (s.is(i, kAccented | kBox | kCurrency | kEndPunctuation) && s.is(i + 1, kStartPunctuation) &&
          s.is(i + 2, kNumeric)) ||
         (s.is(i, kAccented | kCurrency | kNumeric | kBox | kLaw) && s.is(i + 1, kEndPunctuation) &&
          s.is(i + 2, kStartPunctuation)) ||
         (s.is(i, kCurrency | kNumeric | kBox) && s.is(i + 1, kStartPunctuation)) ||
         (s.lower(i) && s.is(i + 1, kUpperAccented) && s.is(i + 2, kStartPunctuation | kCurrency)) ||
         (s.is(i, kBox) && s.is(i + 1, kKaomoji)) ||
         (s.is(i, kAccented | kCurrency | kNumeric | kPunctuation | kLaw) && s.is(i + 1, kBox)) ||
         (s.is(i, kBox) && s.is(i + 1, kEndPunctuation)) ||
         (s.is(i, kAccented) && s.is(i + 1, kPunctuation) && s.word(i + 2));
}

// Windows-1252 mojibake of Arabic needs two letter + symbol pairs.
bool arabicPair(const Scan& s, size_t i) {
  return s.in(i, U"ØÙ") &&
         (s.is(i + 1, kCommon | kCurrency | kBad | kNumeric | kStartPunctuation) || s.in(i + 1, U"ŸŠ®°µ»"));
}

// The alternatives that name specific characters (Windows-1252, MacRoman,
// Windows-1251/1253/1257 mojibake).
bool badAtSequences(const Scan& s, size_t i) {
  return (s.in(i, U"Œœ") && i + 1 < s.size() && !s.letter(i + 1)) ||
         (s.is(i, kUpperAccented) && s.in(i + 1, U"°")) ||
         (s.in(i, U"ÂÃÎÐ") &&
          (s.in(i + 1, U"€œŠš¢£Ÿž\u00A0\u00AD®©°·»–—´") || s.is(i + 1, kPunctuation))) ||
         (s.in(i, U"×") && s.in(i + 1, U"²³")) || (arabicPair(s, i) && arabicPair(s, i + 2)) ||
         (s.in(i, U"à") && s.in(i + 1, U"²µ¹¼½¾")) || (s.in(i, U"√") && s.in(i + 1, U"±∂†≠®™´≤≥¥µø")) ||
         (s.in(i, U"≈") && s.in(i + 1, U"°¢")) ||
         (s.startsWith(i, U"‚Ä") && s.in(i + 2, U"ìîïòôúùû†°¢π")) ||
         (s.in(i, U"‚") && s.in(i + 1, U"âó") && s.in(i + 2, U"àä°ê")) || s.startsWith(i, U"вЂ") ||
         (s.in(i, U"ВГРС") && (s.is(i + 1, kC1 | kBad | kPunctuation | kCurrency) || s.in(i + 1, U"°µ")) &&
          s.in(i + 2, U"ВГРС")) ||
         (s.startsWith(i, U"ГўВЂВ") && i + 5 < s.size() && !s.in(i + 5, U"\n") &&
          (s.letter(i + 6) || s.in(i + 6, U" "))) ||
         (s.in(i, U"Ã") && s.in(i + 1, U"\u00A0¡")) ||
         (s.lower(i) && s.in(i + 1, U"ÃÂ") && s.in(i + 2, U" ")) ||
         (s.lower(i) && s.space(i + 1) && s.in(i + 2, U"ÃÂ") && s.in(i + 3, U" ")) ||
         (i == 0 && s.in(0, U"ÃÂ") && s.in(1, U" ")) ||
         ((s.lower(i) || s.in(i, U".,?!") || s.is(i, kEndPunctuation)) && s.in(i + 1, U"Â") &&
          (s.in(i + 2, U" ") || s.is(i + 2, kPunctuation))) ||
         (s.startsWith(i, U"β€") && s.in(i + 2, U"™\u00A0Ά\u00AD®°")) ||
         (s.in(i, U"ΒΓΞΟ") && (s.is(i + 1, kC1 | kBad | kPunctuation | kCurrency) || s.in(i + 1, U"°")) &&
          s.in(i + 2, U"ΒΓΞΟ")) ||
         s.startsWith(i, U"ā€");
}

}  // namespace

bool isLikelyMojibake(std::u32string_view text) {
  const Scan scan(text);
  for (size_t i = 0; i < text.size(); ++i) {
    if (badAtCategories(scan, i) || badAtSequences(scan, i)) return true;
  }
  return false;
}

}  // namespace sd::text
