#include "core/export/html_escape.h"

#include "core/util/safe_file_name.h"

namespace sd {

std::string htmlEscape(std::string_view text) {
  const std::string clean = validUtf8(text);
  std::string out;
  out.reserve(clean.size() + clean.size() / 8);
  for (const char c : clean) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') out += c;
        else if (c == '\r') out += '\n';
    }
  }
  return out;
}

}  // namespace sd
