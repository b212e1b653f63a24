#include "core/export/gallery_html.h"

#include <algorithm>
#include <cstdio>

#include "core/export/html_escape.h"
#include "core/export/svg_bars.h"
#include "core/export/svg_trajectory.h"
#include "core/export/svg_words.h"
#include "core/schedulers/scheduler_names.h"
#include "core/util/build_info.h"

namespace sd {

namespace {

constexpr const char* kStyle = R"(
body{font-family:system-ui,sans-serif;margin:24px;background:#f6f7f9;color:#282c34}
h1{font-size:20px;margin:0 0 4px}
p.meta{margin:0 0 20px;color:#5c6370;font-size:13px}
.grid{display:flex;flex-wrap:wrap;gap:16px}
figure{margin:0;width:320px;background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:10px;box-sizing:border-box}
figure img{width:300px;height:auto;display:block;border-radius:3px;background:#eee}
figcaption{font-size:12px;margin-top:8px}
.prompt{font-weight:600;white-space:pre-wrap;overflow-wrap:anywhere}
.negative{color:#8a5a5a;white-space:pre-wrap;overflow-wrap:anywhere}
.settings{color:#5c6370;margin:4px 0 6px}
svg.bars{display:block;margin-top:4px}
.insight{color:#5c6370;margin:8px 0 2px}
)";

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

std::string settingsLine(const ImageRecipe& r) {
  const auto scheduler = findScheduler(r.schedulerId);
  std::string line = "seed " + std::to_string(r.seed) + " · " + std::to_string(r.steps) + " steps · " +
                     (scheduler ? a1111Label(*scheduler) : r.schedulerId) + " · CFG " + number(r.cfgScale) + " · " +
                     std::to_string(r.width) + "×" + std::to_string(r.height);
  if (r.variationStrength > 0)
    line += " · variation seed " + std::to_string(r.variationSeed) + " at " + number(r.variationStrength);
  if (r.denoisingStrength)
    line += std::string(r.maskBlur ? " · inpainted" : " · img2img") + " at strength " + number(*r.denoisingStrength);
  if (!r.modelName.empty()) line += " · " + r.modelName;
  return htmlEscape(line);
}

std::string figure(const GalleryEntry& e, const HtmlPageOptions& options) {
  const auto& r = e.recipe;
  std::string html = "<figure>\n<img src=\"" + htmlEscape(options.imageSource(e)) + "\" alt=\"" + htmlEscape(r.prompt) +
                     "\" width=\"300\" loading=\"lazy\">\n<figcaption>\n";
  html += "<div class=\"prompt\">" + htmlEscape(e.hasSettings ? r.prompt : e.fileName) + "</div>\n";
  if (!r.negativePrompt.empty()) html += "<div class=\"negative\">Negative: " + htmlEscape(r.negativePrompt) + "</div>\n";
  if (e.hasSettings) html += "<div class=\"settings\">" + settingsLine(r) + "</div>\n";
  if (!r.comparisonPrompts.empty()) {
    std::vector<SvgBarRow> rows;
    const int own = ownComparisonIndex(r);
    for (std::size_t i = 0; i < r.comparisonPrompts.size(); ++i)
      rows.push_back({r.comparisonPrompts[i], i < r.probabilities.size() ? r.probabilities[i] : 0.0,
                      static_cast<int>(i) == own, truncationNote(r, i)});
    html += probabilityBarsSvg(rows, 300) + "\n";
  }
  if (!r.explanation.empty())
    html += "<div class=\"insight\">Which words matter</div>\n" + wordInfluenceSvg(r.explanation, 300) + "\n";
  if (!r.trajectory.empty()) {
    const auto& prompts = trajectoryPrompts(r);
    const auto own = std::find(prompts.begin(), prompts.end(), r.prompt) - prompts.begin();
    html += "<div class=\"insight\">While denoising</div>\n" +
            trajectorySvg(r.trajectory, prompts, own < std::ssize(prompts) ? int(own) : -1, 300) + "\n";
  }
  return html + "</figcaption>\n</figure>\n";
}

}  // namespace

std::string galleryHtml(const std::vector<GalleryEntry>& entries, const HtmlPageOptions& options) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      // No script can run even if some text escaped escaping; images only
      // from the page's own folder or inline.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' file: data:; "
      "style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      htmlEscape(options.title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  html += "<h1>" + htmlEscape(options.title) + "</h1>\n<p class=\"meta\">" + std::to_string(entries.size()) +
          " images · exported by SD Studio " + htmlEscape(build::kVersion) + "</p>\n<div class=\"grid\">\n";
  for (const auto& e : entries) html += figure(e, options);
  return html + "</div>\n</body>\n</html>\n";
}

}  // namespace sd
