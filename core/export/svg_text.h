#pragma once
// Small pieces every inline SVG of the HTML export needs: numbers written
// with a printf format (never the locale's comma) and labels cut by
// characters, not bytes, so UTF-8 stays valid.
#include <cstddef>
#include <string>

namespace sd {

std::string svgNumber(const char* format, double value);
std::string shortLabel(const std::string& label, std::size_t maxChars);

}  // namespace sd
