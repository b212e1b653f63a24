#include "core/util/safe_file_name.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/util/utf8.h"

namespace sd {

namespace {

// Characters that become a separator: whitespace, controls, anything a
// file system or shell treats specially, and invisible format characters
// (bidi overrides could make "gpj.exe" read as "exe.jpg").
bool isSeparator(char32_t cp) {
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return true;
  if (cp < 0x80) return std::string_view(" <>:\"/\\|?*,;'`$&!#%=+[]{}()~^").find(static_cast<char>(cp)) !=
                        std::string_view::npos;
  return cp == 0xA0 || cp == 0xAD || (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
         (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF || (cp >= 0xFFF0 && cp <= 0xFFFF) ||
         (cp >= 0xE000 && cp <= 0xF8FF);
}

bool isReservedDeviceName(std::string_view name) {
  std::string stem(name.substr(0, name.find('.')));
  while (!stem.empty() && (stem.back() == ' ' || stem.back() == '_')) stem.pop_back();
  std::transform(stem.begin(), stem.end(), stem.begin(), [](unsigned char c) { return std::toupper(c); });
  static const std::vector<std::string> kNames = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"};
  if (std::find(kNames.begin(), kNames.end(), stem) != kNames.end()) return true;
  if ((stem.rfind("COM", 0) == 0 || stem.rfind("LPT", 0) == 0)) {
    const std::string rest = stem.substr(3);
    // COM0-9, LPT0-9 and the superscript digits ¹ ² ³ Windows also reserves.
    return (rest.size() == 1 && std::isdigit(static_cast<unsigned char>(rest[0]))) || rest == "\xC2\xB9" ||
           rest == "\xC2\xB2" || rest == "\xC2\xB3";
  }
  return false;
}

std::string cutAtCharacter(const std::string& s, std::size_t maxBytes) {
  if (s.size() <= maxBytes) return s;
  std::size_t end = maxBytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

std::string trimEdges(std::string s) {
  const auto junk = [](char c) { return c == '_' || c == '.' || c == ' ' || c == '-'; };
  while (!s.empty() && junk(s.back())) s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && junk(s[start])) ++start;
  return s.substr(start);
}

}  // namespace

std::string validUtf8(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = decodeUtf8(text, i);
    if (cp != kInvalidUtf8) encodeUtf8(cp, out);
  }
  return out;
}

std::string safeFileName(std::string_view text, std::size_t maxBytes, std::string_view fallback) {
  std::string folded;
  bool pendingSeparator = false;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = decodeUtf8(text, i);
    if (cp == kInvalidUtf8) continue;
    if (isSeparator(cp)) {
      pendingSeparator = !folded.empty();
      continue;
    }
    if (pendingSeparator) folded += '_';
    pendingSeparator = false;
    encodeUtf8(cp, folded);
  }
  std::string name = trimEdges(cutAtCharacter(trimEdges(folded), std::max<std::size_t>(maxBytes, 1)));
  if (name.empty()) name = trimEdges(cutAtCharacter(std::string(fallback), maxBytes));
  if (name.empty()) name = "image";
  if (isReservedDeviceName(name)) name = cutAtCharacter("_" + name, std::max<std::size_t>(maxBytes, 4));
  return name;
}

bool isSafeFileName(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '.' || name.back() == '.' || name.back() == ' ')
    return false;
  for (std::size_t i = 0; i < name.size();) {
    const char32_t cp = decodeUtf8(name, i);
    if (cp == kInvalidUtf8 || cp < 0x20 || cp == 0x7F) return false;
    // Invisible and bidi characters: "‮gnp.exe" shows as "exe.png".
    if (cp >= 0x80 && isSeparator(cp)) return false;
    if (cp < 0x80 && std::string_view("<>:\"/\\|?*").find(static_cast<char>(cp)) != std::string_view::npos)
      return false;
  }
  return !isReservedDeviceName(name);
}

}  // namespace sd
