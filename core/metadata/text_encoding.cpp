#include "core/metadata/text_encoding.h"

namespace sd {

void appendUtf8(std::string& out, char32_t c) {
  if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | c >> 6);
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | c >> 12);
    out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | c >> 18);
    out += static_cast<char>(0x80 | (c >> 12 & 0x3F));
    out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string latin1ToUtf8(std::string_view latin1) {
  std::string out;
  out.reserve(latin1.size());
  for (const char c : latin1) {
    if (c == '\0') out += c;  // kept as is: not a character of the text, but not ours to drop
    else appendUtf8(out, static_cast<unsigned char>(c));
  }
  return out;
}

namespace {

bool isValidUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

}  // namespace

std::string utf8OrLatin1(std::string_view text) { return isValidUtf8(text) ? std::string(text) : latin1ToUtf8(text); }

std::string utf16ToUtf8(std::span<const unsigned char> bytes, bool bigEndian) {
  const auto unit = [&](std::size_t i) -> char32_t {
    return bigEndian ? char32_t(bytes[i] << 8 | bytes[i + 1]) : char32_t(bytes[i + 1] << 8 | bytes[i]);
  };
  std::string out;
  out.reserve(bytes.size() / 2);
  const std::size_t n = bytes.size() & ~std::size_t(1);
  std::size_t i = n >= 2 && unit(0) == 0xFEFF ? 2 : 0;
  for (; i < n; i += 2) {
    char32_t c = unit(i);
    if (c == 0) {
      out += '\0';  // callers trim trailing NULs; inner ones stay visible
      continue;
    }
    if (c >= 0xD800 && c <= 0xDBFF && i + 3 < n) {
      const char32_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      }
    }
    appendUtf8(out, c);
  }
  return out;
}

}  // namespace sd
