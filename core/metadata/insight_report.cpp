#include "core/metadata/insight_report.h"

#include <cstdio>

#include "core/metadata/insight_json.h"

namespace sd {

namespace {

std::string format(const char* pattern, double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

}  // namespace

std::string insightText(const ImageRecipe& r) {
  std::string out;
  const auto& e = r.explanation;
  if (!e.empty()) {
    out += "Which words matter (own prompt's probability without each, change in points):\n";
    for (const auto& u : e.units)
      out += "  " + format("%+6.1f", (u.probability - e.probability) * 100) + "  " + u.text + "  (logit " +
             format("%+.3f", u.logit - e.logit) + ")\n";
  }
  const auto& t = r.trajectory;
  if (!t.empty()) {
    out += "Score trajectory (" + t.decoder + " decode of the x0 estimate; per step, one probability per prompt):\n";
    for (std::size_t i = 0; i < t.steps.size(); ++i) {
      out += "  step " + std::to_string(t.steps[i]) + ":";
      for (const double p : t.probabilities[i]) out += format(" %.1f%%", p * 100);
      out += "\n";
    }
  }
  return out;
}

void addInsightReportJson(nlohmann::ordered_json& j, const ImageRecipe& r) {
  nlohmann::ordered_json ours;
  if (!r.clipModel.empty()) ours["clip"] = nlohmann::ordered_json::object();
  writeInsightJson(ours, r);
  if (ours.contains("clip") && ours["clip"].contains("explanation")) j["explanation"] = ours["clip"]["explanation"];
  if (ours.contains("trajectory")) {
    j["trajectory"] = ours["trajectory"];
    j["trajectory"]["prompts"] = trajectoryPrompts(r);
  }
}

}  // namespace sd
