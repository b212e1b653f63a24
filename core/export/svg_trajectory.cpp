#include "core/export/svg_trajectory.h"

#include <algorithm>

#include "core/export/html_escape.h"
#include "core/export/svg_text.h"

namespace sd {

namespace {

constexpr int kMarginLeft = 30;   // room for "100%"
constexpr int kMarginBottom = 14;  // room for the step labels
constexpr int kMarginTop = 4;
constexpr const char* kOwn = "#e87622";
constexpr const char* kOthers[] = {"#4e79a7", "#59a14f", "#b07aa1", "#9c755f", "#76b7b2", "#8a94a4"};
constexpr const char* kAxis = "#c5cad3";
constexpr const char* kText = "#5c6370";

}  // namespace

std::string trajectorySvg(const ScoreTrajectory& t, const std::vector<std::string>& prompts, int own, int width,
                          int height) {
  const double plotWidth = std::max(1, width - kMarginLeft - 4);
  const double plotHeight = std::max(1, height - kMarginBottom - kMarginTop);
  const int lastStep = t.steps.empty() ? 1 : std::max(1, *std::max_element(t.steps.begin(), t.steps.end()));
  const auto x = [&](int step) { return kMarginLeft + plotWidth * step / lastStep; };
  const auto y = [&](double p) { return kMarginTop + plotHeight * (1.0 - std::clamp(p, 0.0, 1.0)); };
  std::string svg = "<svg class=\"trajectory\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
                    "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\" role=\"img\" font-family=\"sans-serif\" font-size=\"9\">";
  svg += "<title>CLIP probability of each prompt while denoising (" + htmlEscape(t.decoder) + " decode)</title>";
  const auto line = [&](double x1, double y1, double x2, double y2) {
    svg += "<line x1=\"" + svgNumber("%.1f", x1) + "\" y1=\"" + svgNumber("%.1f", y1) + "\" x2=\"" + svgNumber("%.1f", x2) +
           "\" y2=\"" + svgNumber("%.1f", y2) + "\" stroke=\"" + kAxis + "\"/>";
  };
  line(kMarginLeft, y(0), kMarginLeft + plotWidth, y(0));
  line(kMarginLeft, y(0), kMarginLeft, y(1));
  const auto label = [&](double lx, double ly, const std::string& text, const char* anchor) {
    svg += "<text x=\"" + svgNumber("%.1f", lx) + "\" y=\"" + svgNumber("%.1f", ly) + "\" fill=\"" + kText +
           "\" text-anchor=\"" + anchor + "\">" + text + "</text>";
  };
  label(kMarginLeft - 3, y(1) + 7, "100%", "end");
  label(kMarginLeft - 3, y(0), "0%", "end");
  label(kMarginLeft, height - 2, "step 0", "start");
  label(kMarginLeft + plotWidth, height - 2, "step " + std::to_string(lastStep), "end");
  for (std::size_t k = 0; k < prompts.size(); ++k) {
    const bool isOwn = static_cast<int>(k) == own;
    const char* colour = isOwn ? kOwn : kOthers[k % std::size(kOthers)];
    std::string points;
    for (std::size_t i = 0; i < t.steps.size(); ++i)
      if (k < t.probabilities[i].size())
        points += svgNumber("%.1f,", x(t.steps[i])) + svgNumber("%.1f ", y(t.probabilities[i][k]));
    svg += "<polyline fill=\"none\" stroke=\"" + std::string(colour) + "\" stroke-width=\"" + (isOwn ? "2" : "1.2") +
           "\" points=\"" + points + "\"><title>" + htmlEscape(prompts[k]) + "</title></polyline>";
  }
  return svg + "</svg>";
}

}  // namespace sd
