#include "core/export/svg_words.h"

#include <algorithm>
#include <cmath>

#include "core/export/html_escape.h"
#include "core/export/svg_text.h"

namespace sd {

namespace {

constexpr int kRowHeight = 14;
constexpr double kLabelFraction = 0.42;
constexpr int kValueWidth = 40;
constexpr const char* kSupports = "#e87622";  // the bars' highlight colour
constexpr const char* kOpposes = "#8a94a4";
constexpr const char* kAxis = "#c5cad3";
constexpr const char* kText = "#282c34";

}  // namespace

std::string wordInfluenceSvg(const PromptExplanation& e, int width) {
  // Probabilities that never move (a set of one prompt) say nothing: use logits.
  bool byProbability = false;
  for (const auto& u : e.units) byProbability |= std::abs(u.probability - e.probability) > 1e-9;
  const auto change = [&](const WordInfluence& u) {
    return byProbability ? (u.probability - e.probability) * 100 : u.logit - e.logit;
  };
  double largest = 1e-9;
  for (const auto& u : e.units) largest = std::max(largest, std::abs(change(u)));
  const double labelWidth = width * kLabelFraction;
  const double axis = labelWidth + 4 + (width - labelWidth - 4 - kValueWidth) / 2.0;
  const double half = (width - labelWidth - 4 - kValueWidth) / 2.0 - 1;
  const auto maxChars = static_cast<std::size_t>(std::max(4.0, labelWidth / 6.2));
  const int height = static_cast<int>(e.units.size()) * kRowHeight;
  std::string svg = "<svg class=\"words\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
                    "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\" role=\"img\" font-family=\"sans-serif\" font-size=\"10\">";
  svg += "<line x1=\"" + svgNumber("%.1f", axis) + "\" y1=\"0\" x2=\"" + svgNumber("%.1f", axis) + "\" y2=\"" +
         std::to_string(height) + "\" stroke=\"" + kAxis + "\"/>";
  const char* unit = byProbability ? " points" : " logit";
  for (std::size_t i = 0; i < e.units.size(); ++i) {
    const auto& u = e.units[i];
    const double y = static_cast<double>(i) * kRowHeight;
    const double c = change(u);
    const double length = half * std::abs(c) / largest;
    // A drop (the word supports the match) grows to the left.
    const double x = c < 0 ? axis - length : axis;
    svg += "<g><title>without " + htmlEscape(u.text) + ": " + svgNumber("%.1f%%", u.probability * 100) + ", logit " +
           svgNumber("%.3f", u.logit) + " (" + svgNumber("%+.2f", c) + unit + ")</title>";
    svg += "<text x=\"0\" y=\"" + svgNumber("%.1f", y + kRowHeight - 3) + "\" fill=\"" + kText + "\">" +
           htmlEscape(shortLabel(u.text, maxChars)) + "</text>";
    svg += "<rect x=\"" + svgNumber("%.1f", x) + "\" y=\"" + svgNumber("%.1f", y + 3) + "\" width=\"" +
           svgNumber("%.1f", length) + "\" height=\"" + std::to_string(kRowHeight - 6) + "\" fill=\"" +
           (c < 0 ? kSupports : kOpposes) + "\"/>";
    svg += "<text x=\"" + std::to_string(width) + "\" y=\"" + svgNumber("%.1f", y + kRowHeight - 3) +
           "\" text-anchor=\"end\" fill=\"" + kText + "\">" + svgNumber("%+.1f", c) + "</text></g>";
  }
  return svg + "</svg>";
}

}  // namespace sd
