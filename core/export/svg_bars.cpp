#include "core/export/svg_bars.h"

#include <algorithm>
#include <cstdio>

#include "core/export/html_escape.h"

namespace sd {

namespace {

// Mirrors ui::BarStyle's defaults (ui/probability_bars.h).
constexpr int kRowHeight = 14;
constexpr int kSpacing = 2;
constexpr double kLabelFraction = 0.42;
constexpr int kPercentWidth = 34;
constexpr const char* kTrack = "#e2e5ea";
constexpr const char* kFill = "#8a94a4";
constexpr const char* kHighlight = "#e87622";
constexpr const char* kText = "#282c34";

// Labels are cut by characters (not bytes) so UTF-8 stays valid.
std::string shortLabel(const std::string& label, std::size_t maxChars) {
  std::size_t chars = 0, i = 0;
  for (; i < label.size(); ++i) {
    if ((static_cast<unsigned char>(label[i]) & 0xC0) == 0x80) continue;
    if (chars++ == maxChars) return label.substr(0, i) + "…";
  }
  return label;
}

std::string fmt(const char* format, double a) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, a);
  return buffer;
}

}  // namespace

std::string probabilityBarsSvg(const std::vector<SvgBarRow>& rows, int width) {
  const int height = std::max(0, static_cast<int>(rows.size()) * (kRowHeight + kSpacing) - kSpacing);
  const double labelWidth = width * kLabelFraction;
  const double trackX = labelWidth + 4;
  const double trackWidth = std::max(1.0, width - trackX - kPercentWidth - 3);
  const double inset = kRowHeight * 0.18;  // as trackOf() in ui/probability_bars.cpp
  const auto maxChars = static_cast<std::size_t>(std::max(4.0, labelWidth / 6.2));
  std::string svg = "<svg class=\"bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
                    "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\" role=\"img\" font-family=\"sans-serif\" font-size=\"10\">";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const double y = static_cast<double>(i) * (kRowHeight + kSpacing);
    const double p = std::clamp(row.probability, 0.0, 1.0);
    const char* fill = row.highlighted ? kHighlight : kFill;
    const std::string weight = row.highlighted ? " font-weight=\"bold\"" : "";
    svg += "<g><title>" + htmlEscape(row.label) + fmt(": %.1f%%", p * 100) + "</title>";
    svg += "<text x=\"0\" y=\"" + fmt("%.1f", y + kRowHeight - 3) + "\" fill=\"" + kText + "\"" + weight + ">" +
           htmlEscape(shortLabel(row.label, maxChars)) + "</text>";
    svg += "<rect x=\"" + fmt("%.1f", trackX) + "\" y=\"" + fmt("%.2f", y + inset) + "\" width=\"" + fmt("%.1f", trackWidth) +
           "\" height=\"" + fmt("%.2f", kRowHeight - 2 * inset) + "\" fill=\"" + kTrack + "\"/>";
    svg += "<rect x=\"" + fmt("%.1f", trackX) + "\" y=\"" + fmt("%.2f", y + inset) + "\" width=\"" +
           fmt("%.1f", trackWidth * p) + "\" height=\"" + fmt("%.2f", kRowHeight - 2 * inset) + "\" fill=\"" + fill +
           "\"/>";
    svg += "<text x=\"" + std::to_string(width) + "\" y=\"" + fmt("%.1f", y + kRowHeight - 3) +
           "\" text-anchor=\"end\" fill=\"" + kText + "\"" + weight + ">" + fmt("%.0f%%", p * 100) + "</text></g>";
  }
  return svg + "</svg>";
}

}  // namespace sd
