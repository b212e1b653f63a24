#include "core/export/score_tables.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/util/build_info.h"
#include "core/util/safe_file_name.h"

namespace sd {

namespace {

// One cell, safe to open in a spreadsheet: control bytes (NUL ends a cell
// early in some readers) dropped, and a cell that would start a formula
// (=, +, -, @, or a tab/CR before one, leading spaces ignored as Excel
// does) prefixed with ' so it stays text (OWASP "CSV injection").
std::string csvCell(const std::string& raw) {
  std::string text;
  for (const char c : validUtf8(raw))
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t' || c == '\r') text += c;
  const auto first = text.find_first_not_of(' ');
  if (first != std::string::npos && std::string_view("=+-@\t\r").find(text[first]) != std::string_view::npos)
    text = "'" + text;
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string csvNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

std::string joinRow(const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + cells[i];
  return line + "\r\n";
}

}  // namespace

std::string scoresCsv(const std::vector<GalleryEntry>& entries) {
  std::string csv = joinRow({"file", "prompt", "negative_prompt", "seed", "steps", "scheduler", "cfg_scale", "width",
                             "height", "variation_seed", "variation_strength", "denoising_strength", "model", "model_hash", "clip_model", "temperature", "comparison_prompt",
                             "probability", "logit", "own_prompt", "scoring_note"});
  for (const auto& e : entries) {
    const auto& r = e.recipe;
    const std::vector<std::string> head = {csvCell(e.fileName), csvCell(r.prompt), csvCell(r.negativePrompt),
                                           std::to_string(r.seed), std::to_string(r.steps), csvCell(r.schedulerId),
                                           csvNumber(r.cfgScale), std::to_string(r.width), std::to_string(r.height),
                                           // Empty where none: a plain text-to-image render.
                                           r.variationStrength > 0 ? std::to_string(r.variationSeed) : "",
                                           r.variationStrength > 0 ? csvNumber(r.variationStrength) : "",
                                           r.denoisingStrength ? csvNumber(*r.denoisingStrength) : "",
                                           csvCell(r.modelName), csvCell(r.modelHash), csvCell(r.clipModel),
                                           r.clipModel.empty() ? "" : csvNumber(r.temperature)};
    const int own = ownComparisonIndex(r);
    if (r.comparisonPrompts.empty()) {
      auto row = head;
      row.insert(row.end(), {"", "", "", "", ""});
      csv += joinRow(row);
    }
    for (std::size_t i = 0; i < r.comparisonPrompts.size(); ++i) {
      auto row = head;
      row.push_back(csvCell(r.comparisonPrompts[i]));
      row.push_back(i < r.probabilities.size() ? csvNumber(r.probabilities[i]) : "");
      row.push_back(i < r.logits.size() ? csvNumber(r.logits[i]) : "");
      row.push_back(static_cast<int>(i) == own ? "1" : "0");
      row.push_back(csvCell(truncationNote(r, i)));
      csv += joinRow(row);
    }
  }
  return csv;
}

std::string scoresJson(const std::vector<GalleryEntry>& entries) {
  nlohmann::ordered_json j;
  j["generator"] = std::string("SD Studio ") + build::kVersion;
  auto& images = j["images"] = nlohmann::ordered_json::array();
  for (const auto& e : entries) {
    const auto& r = e.recipe;
    nlohmann::ordered_json item = {{"file", e.fileName},         {"prompt", r.prompt},
                                   {"negative_prompt", r.negativePrompt}, {"seed", r.seed},
                                   {"steps", r.steps},           {"scheduler", r.schedulerId},
                                   {"cfg_scale", r.cfgScale},    {"width", r.width},
                                   {"height", r.height},
                                   {"variation_seed", r.variationStrength > 0 ? nlohmann::ordered_json(r.variationSeed) : nullptr},
                                   {"variation_strength", r.variationStrength > 0 ? nlohmann::ordered_json(r.variationStrength) : nullptr},
                                   {"denoising_strength", r.denoisingStrength ? nlohmann::ordered_json(*r.denoisingStrength) : nullptr},
                                   {"inpainted", r.maskBlur.has_value()},
                                   {"model", r.modelName},
                                   {"model_hash", r.modelHash},  {"clip_model", r.clipModel},
                                   {"temperature", r.temperature}};
    const int own = ownComparisonIndex(r);
    auto& scores = item["scores"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < r.comparisonPrompts.size(); ++i)
      scores.push_back({{"prompt", r.comparisonPrompts[i]},
                        {"probability", i < r.probabilities.size() ? nlohmann::ordered_json(r.probabilities[i]) : nullptr},
                        {"logit", i < r.logits.size() ? nlohmann::ordered_json(r.logits[i]) : nullptr},
                        {"own", static_cast<int>(i) == own},
                        {"scored_truncated", scoredTruncated(r, i)}});
    images.push_back(std::move(item));
  }
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace sd
