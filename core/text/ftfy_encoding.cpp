#include "core/text/ftfy_encoding.h"

#include <algorithm>
#include <optional>

#include "core/text/ftfy_badness.h"
#include "core/text/ftfy_fixes.h"
#include "core/text/unicode_text.h"

// Port of python-ftfy 6.1 __init__._fix_encoding_one_step_and_explain and
// fixes.restore_byte_a0 / decode_inconsistent_utf8, for the Latin-1 and
// sloppy Windows-1252 code pages.
namespace sd::text {
namespace {

// Every step removes or merges characters, so this never binds in practice;
// it bounds the work for adversarial input.
constexpr int kMaxSteps = 16;

bool isAscii(std::u32string_view text) {
  for (char32_t c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

std::optional<std::string> encodeLatin1(std::u32string_view text) {
  std::string bytes;
  bytes.reserve(text.size());
  for (char32_t c : text) {
    if (c > 0xFF) return std::nullopt;
    bytes.push_back(static_cast<char>(c));
  }
  return bytes;
}

std::optional<std::string> encodeSloppyWindows1252(std::u32string_view text) {
  std::string bytes;
  bytes.reserve(text.size());
  for (char32_t c : text) {
    const int b = sloppyWindows1252Byte(c);
    if (b < 0) return std::nullopt;
    bytes.push_back(static_cast<char>(b));
  }
  return bytes;
}

bool isContinuation(unsigned char b, bool allowA0) {
  return (b >= 0x80 && b <= 0x84) || (b >= 0x86 && b <= 0x9F) || (b >= 0xA1 && b <= 0xBF) || (allowA0 && b == 0xA0);
}
bool anyContinuation(unsigned char b) { return b >= 0x80 && b <= 0xBF; }

// Length of an ALTERED_UTF8_RE match at bytes[i] (0: none): UTF-8 whose
// 0xA0 byte a Windows program turned into a plain space.
size_t alteredUtf8At(const std::string& bytes, size_t i) {
  auto at = [&](size_t k) { return k < bytes.size() ? static_cast<unsigned char>(bytes[k]) : 0; };
  const unsigned char b = at(i);
  if ((b == 0xC2 || b == 0xC3 || b == 0xC5 || b == 0xCE || b == 0xD0 || b == 0xD9) && at(i + 1) == ' ') return 2;
  if ((b == 0xE2 || b == 0xE3) && at(i + 1) == ' ' && isContinuation(at(i + 2), false)) return 3;
  if (b >= 0xE0 && b <= 0xE3 && isContinuation(at(i + 1), false) && at(i + 2) == ' ') return 3;
  if (b == 0xF0) {
    const unsigned char c1 = at(i + 1), c2 = at(i + 2), c3 = at(i + 3);
    if (c1 == ' ' && anyContinuation(c2) && anyContinuation(c3)) return 4;
    if (anyContinuation(c1) && c2 == ' ' && anyContinuation(c3)) return 4;
    if (anyContinuation(c1) && anyContinuation(c2) && c3 == ' ') return 4;
  }
  return 0;
}

// A_GRAVE_WORD_RE: "Ã " is the French/Portuguese word "à" whose 0xA0 became
// the following space, so the space stays -- except before a second space
// and the Portuguese contractions "àquele", "àquela", "àquilo", "às".
std::string restoreAGraveWords(const std::string& bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    out.push_back(bytes[i]);
    if (static_cast<unsigned char>(bytes[i]) != 0xC3 || i + 1 >= bytes.size() || bytes[i + 1] != ' ') continue;
    const std::string_view rest = std::string_view(bytes).substr(i + 2);
    const bool exception = rest.starts_with(" ") || rest.starts_with("quele") || rest.starts_with("quela") ||
                           rest.starts_with("quilo") || rest.starts_with("s ");
    if (!exception) out.push_back(static_cast<char>(0xA0));
  }
  return out;
}

std::string restoreByteA0(const std::string& bytes) {
  std::string out = restoreAGraveWords(bytes);
  for (size_t i = 0; i < out.size();) {
    const size_t length = alteredUtf8At(out, i);
    if (length == 0) {
      ++i;
      continue;
    }
    for (size_t k = i; k < i + length; ++k) {
      if (out[k] == ' ') out[k] = static_cast<char>(0xA0);
    }
    i += length;
  }
  return out;
}

// The whole text as UTF-8 that went through a single-byte code page.
std::optional<std::u32string> redecodeWhole(std::u32string_view text) {
  for (auto encode : {&encodeLatin1, &encodeSloppyWindows1252}) {
    const std::optional<std::string> bytes = encode(text);
    if (!bytes) continue;
    if (auto decoded = decodeUtf8Strict(restoreByteA0(*bytes))) return decoded;
  }
  return std::nullopt;
}

// The byte a character stands for in Latin-1 or sloppy Windows-1252.
int singleByteOf(char32_t c) {
  const int b = sloppyWindows1252Byte(c);
  return b >= 0 ? b : (c <= 0xFF ? static_cast<int>(c) : -1);
}

// Length of a UTF8_DETECTOR_RE match at text[i] (0: none): a character that
// stands for a UTF-8 lead byte followed by the right number of characters
// standing for continuation bytes.
size_t utf8ShapedRunAt(std::u32string_view text, size_t i) {
  const int lead = singleByteOf(text[i]);
  const size_t length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                        : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if (!anyContinuation(static_cast<unsigned char>(std::max(singleByteOf(text[i + k]), 0)))) return 0;
  }
  return length;
}

std::u32string decodeInconsistentUtf8(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t length = utf8ShapedRunAt(text, i);
    if (length == 0) {
      out.push_back(text[i++]);
      continue;
    }
    const std::u32string_view run = text.substr(i, length);
    // Shorter than the text, so this cannot recurse forever.
    out += (run.size() < text.size() && isLikelyMojibake(run)) ? fixEncoding(run) : std::u32string(run);
    i += length;
  }
  return out;
}

std::u32string fixEncodingOneStep(std::u32string_view text) {
  if (isAscii(text) || !isLikelyMojibake(text)) return std::u32string(text);
  if (auto whole = redecodeWhole(text)) return *whole;
  std::u32string fixed = decodeInconsistentUtf8(text);
  if (fixed != text) return fixed;
  // Latin-1 text with C1 controls: those were meant as Windows-1252. (ftfy
  // tries a strict decode first, which only differs when the five bytes
  // Windows-1252 leaves undefined occur; fix_c1_controls keeps those.)
  return fixC1Controls(text);
}

}  // namespace

std::u32string fixEncoding(std::u32string_view text) {
  std::u32string current(text);
  for (int step = 0; step < kMaxSteps; ++step) {
    std::u32string next = fixEncodingOneStep(current);
    if (next == current) break;
    current = std::move(next);
  }
  return current;
}

}  // namespace sd::text
