#include "core/text/unicode_text.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "core/util/error.h"

namespace sd::text {
namespace {

icu::UnicodeString toIcu(std::u32string_view text) {
  return icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(text.data()),
                                       static_cast<int32_t>(text.size()));
}

std::u32string fromIcu(const icu::UnicodeString& text) {
  // A UTF-16 string never has more code points than code units.
  std::u32string out(static_cast<size_t>(text.length()), U'\0');
  UErrorCode status = U_ZERO_ERROR;
  const int32_t n = text.toUTF32(reinterpret_cast<UChar32*>(out.data()), static_cast<int32_t>(out.size()), status);
  if (U_FAILURE(status)) throw Error(std::string("ICU UTF-32 conversion failed: ") + u_errorName(status));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::u32string normalize(std::u32string_view text, const icu::Normalizer2* (*instance)(UErrorCode&)) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = instance(status);
  if (U_FAILURE(status)) throw Error(std::string("ICU normalizer unavailable: ") + u_errorName(status));
  const icu::UnicodeString result = normalizer->normalize(toIcu(text), status);
  if (U_FAILURE(status)) throw Error(std::string("ICU normalization failed: ") + u_errorName(status));
  return fromIcu(result);
}

// Length of a UTF-8 sequence from its lead byte and the valid range of its
// second byte (RFC 3629 table), so overlongs and surrogates are rejected.
struct LeadInfo {
  int length;
  unsigned char secondMin;
  unsigned char secondMax;
};

LeadInfo leadInfo(unsigned char b) {
  if (b >= 0xC2 && b <= 0xDF) return {2, 0x80, 0xBF};
  if (b == 0xE0) return {3, 0xA0, 0xBF};
  if (b == 0xED) return {3, 0x80, 0x9F};
  if (b >= 0xE1 && b <= 0xEF) return {3, 0x80, 0xBF};
  if (b == 0xF0) return {4, 0x90, 0xBF};
  if (b >= 0xF1 && b <= 0xF3) return {4, 0x80, 0xBF};
  if (b == 0xF4) return {4, 0x80, 0x8F};
  return {0, 0, 0};
}

constexpr char32_t kCp1252High[32] = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

}  // namespace

// Decodes replacing each maximal ill-formed subpart with U+FFFD.
static std::u32string decodeUtf8(std::string_view utf8, bool& malformed);

char32_t sloppyWindows1252High(unsigned char byte) {
  return (byte >= 0x80 && byte <= 0x9F) ? kCp1252High[byte - 0x80] : static_cast<char32_t>(byte);
}

int sloppyWindows1252Byte(char32_t cp) {
  if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) return static_cast<int>(cp);
  for (int i = 0; i < 32; ++i) {
    if (kCp1252High[i] == cp) return 0x80 + i;
  }
  return -1;
}

std::u32string utf8ToUtf32(std::string_view utf8) {
  bool malformed = false;
  return decodeUtf8(utf8, malformed);
}

std::optional<std::u32string> decodeUtf8Strict(std::string_view utf8) {
  bool malformed = false;
  std::u32string text = decodeUtf8(utf8, malformed);
  if (malformed) return std::nullopt;
  return text;
}

static std::u32string decodeUtf8(std::string_view utf8, bool& malformed) {
  std::u32string out;
  out.reserve(utf8.size());
  size_t i = 0;
  while (i < utf8.size()) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    if (b < 0x80) {
      out.push_back(b);
      ++i;
      continue;
    }
    const LeadInfo info = leadInfo(b);
    int ok = info.length > 0 ? 1 : 0;
    while (ok > 0 && ok < info.length && i + ok < utf8.size()) {
      const auto c = static_cast<unsigned char>(utf8[i + ok]);
      const bool inRange = ok == 1 ? (c >= info.secondMin && c <= info.secondMax) : (c >= 0x80 && c <= 0xBF);
      if (!inRange) break;
      ++ok;
    }
    if (ok != info.length || info.length == 0) {
      malformed = true;
      out.push_back(U'\uFFFD');
      i += ok > 0 ? static_cast<size_t>(ok) : 1;  // skip the maximal bad subpart
      continue;
    }
    char32_t cp = b & (0xFF >> (info.length + 1));
    for (int k = 1; k < info.length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    out.push_back(cp);
    i += static_cast<size_t>(info.length);
  }
  return out;
}

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // lone surrogates cannot be encoded
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp <= 0x10FFFF) {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    appendUtf8(out, 0xFFFD);
  }
}

std::string utf32ToUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  for (char32_t cp : text) appendUtf8(out, cp);
  return out;
}

bool isPythonSpace(char32_t cp) {
  // CPython's _PyUnicode_IsWhitespace table (Unicode 14/15 agree on it).
  switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D:
    case 0x1C: case 0x1D: case 0x1E: case 0x1F: case 0x20:
    case 0x85: case 0xA0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

bool isLetter(char32_t cp) {
  return (U_GET_GC_MASK(static_cast<UChar32>(cp)) & U_GC_L_MASK) != 0;
}

bool isNumber(char32_t cp) {
  return (U_GET_GC_MASK(static_cast<UChar32>(cp)) & U_GC_N_MASK) != 0;
}

bool isDecimalDigit(char32_t cp) {
  return u_charType(static_cast<UChar32>(cp)) == U_DECIMAL_DIGIT_NUMBER;
}

char32_t simpleCaseFold(char32_t cp) {
  return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(cp), U_FOLD_CASE_DEFAULT));
}

std::u32string normalizeNfc(std::u32string_view text) {
  return normalize(text, &icu::Normalizer2::getNFCInstance);
}

std::u32string normalizeNfkc(std::u32string_view text) {
  return normalize(text, &icu::Normalizer2::getNFKCInstance);
}

std::u32string toLowerPython(std::u32string_view text) {
  icu::UnicodeString s = toIcu(text);
  s.toLower(icu::Locale::getRoot());
  return fromIcu(s);
}

std::u32string_view stripPythonSpace(std::u32string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && isPythonSpace(text[begin])) ++begin;
  while (end > begin && isPythonSpace(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

}  // namespace sd::text
