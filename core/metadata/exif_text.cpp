#include "core/metadata/exif_text.h"

#include <cstring>

#include "core/metadata/text_encoding.h"

namespace sd {

namespace {

bool startsWith(std::span<const unsigned char> raw, const char (&code)[9]) {
  return raw.size() >= 8 && std::memcmp(raw.data(), code, 8) == 0;
}

// BOM first; else where the zero bytes of ASCII-range characters sit.
bool guessBigEndian(std::span<const unsigned char> text, bool fallback) {
  if (text.size() >= 2 && text[0] == 0xFE && text[1] == 0xFF) return true;
  if (text.size() >= 2 && text[0] == 0xFF && text[1] == 0xFE) return false;
  std::size_t evenZeros = 0, oddZeros = 0;
  for (std::size_t i = 0; i + 1 < text.size() && i < 4096; i += 2) {
    evenZeros += text[i] == 0;
    oddZeros += text[i + 1] == 0;
  }
  if (evenZeros != oddZeros) return evenZeros > oddZeros;
  return fallback;
}

std::string trimNuls(std::string s) {
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

}  // namespace

std::string decodeUserComment(std::span<const unsigned char> raw, bool tiffBigEndian) {
  if (startsWith(raw, "UNICODE\0")) {
    const auto text = raw.subspan(8);
    return trimNuls(utf16ToUtf8(text, guessBigEndian(text, tiffBigEndian)));
  }
  // ASCII, undefined and JIS codes: the bytes as they are (writers put
  // UTF-8 under "ASCII"; JIS is not worth a converter for SD metadata).
  if (startsWith(raw, "ASCII\0\0\0") || startsWith(raw, "JIS\0\0\0\0\0") || startsWith(raw, "\0\0\0\0\0\0\0\0"))
    raw = raw.subspan(8);
  return trimNuls(std::string(raw.begin(), raw.end()));
}

}  // namespace sd
