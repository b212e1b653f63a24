#include "core/export/svg_text.h"

#include <cstdio>

namespace sd {

std::string svgNumber(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

std::string shortLabel(const std::string& label, std::size_t maxChars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < label.size(); ++i) {
    if ((static_cast<unsigned char>(label[i]) & 0xC0) == 0x80) continue;
    if (chars++ == maxChars) return label.substr(0, i) + "…";
  }
  return label;
}

}  // namespace sd
