#include "core/export/svg_bars.h"

#include <algorithm>

#include "core/export/html_escape.h"
#include "core/export/svg_text.h"

namespace sd {

namespace {

// Mirrors ui::BarStyle's defaults (ui/painting/probability_bars.h).
constexpr int kRowHeight = 14;
constexpr int kSpacing = 2;
constexpr double kLabelFraction = 0.42;
constexpr int kPercentWidth = 34;
constexpr const char* kTrack = "#e2e5ea";
constexpr const char* kFill = "#8a94a4";
constexpr const char* kHighlight = "#e87622";
constexpr const char* kText = "#282c34";

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
    svg += "<g><title>" + htmlEscape(row.label) + svgNumber(": %.1f%%", p * 100) +
           (row.note.empty() ? "" : " (" + htmlEscape(row.note) + ")") + "</title>";
    svg += "<text x=\"0\" y=\"" + svgNumber("%.1f", y + kRowHeight - 3) + "\" fill=\"" + kText + "\"" + weight + ">" +
           htmlEscape(shortLabel(row.label, maxChars)) + "</text>";
    svg += "<rect x=\"" + svgNumber("%.1f", trackX) + "\" y=\"" + svgNumber("%.2f", y + inset) + "\" width=\"" + svgNumber("%.1f", trackWidth) +
           "\" height=\"" + svgNumber("%.2f", kRowHeight - 2 * inset) + "\" fill=\"" + kTrack + "\"/>";
    svg += "<rect x=\"" + svgNumber("%.1f", trackX) + "\" y=\"" + svgNumber("%.2f", y + inset) + "\" width=\"" +
           svgNumber("%.1f", trackWidth * p) + "\" height=\"" + svgNumber("%.2f", kRowHeight - 2 * inset) + "\" fill=\"" + fill +
           "\"/>";
    svg += "<text x=\"" + std::to_string(width) + "\" y=\"" + svgNumber("%.1f", y + kRowHeight - 3) +
           "\" text-anchor=\"end\" fill=\"" + kText + "\"" + weight + ">" + svgNumber("%.0f%%", p * 100) + "</text></g>";
  }
  return svg + "</svg>";
}

}  // namespace sd
