#include "core/util/terminal_text.h"

#include <cstdio>

#include "core/util/utf8.h"

namespace sd {

namespace {

bool isBidiControl(char32_t cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string terminalSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char escape[16];
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = decodeUtf8(text, i);
    if (cp == kInvalidUtf8) {
      out += "\xEF\xBF\xBD";
    } else if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
      std::snprintf(escape, sizeof escape, "\\x%02X", static_cast<unsigned>(cp));
      out += escape;
    } else if (isBidiControl(cp)) {
      std::snprintf(escape, sizeof escape, "<U+%04X>", static_cast<unsigned>(cp));
      out += escape;
    } else {
      encodeUtf8(cp, out);
    }
  }
  return out;
}

}  // namespace sd
