#include "core/metadata/settings_report.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/image/png_io.h"
#include "core/metadata/insight_report.h"
#include "core/metadata/json_values.h"
#include "core/util/terminal_text.h"

namespace sd {

namespace {

// The keys formatSettingsText already shows in our terms, as A1111's
// infotext, Fooocus', InvokeAI's and NovelAI's JSON and InvokeAI's Dream
// options spell them; the rest of a file's fields follow as written.
const std::set<std::string>& shownKeys() {
  static const std::set<std::string> keys = {
      "Steps", "Sampler", "Schedule type", "CFG scale", "Seed", "Variation seed", "Variation seed strength",
      "Mask blur", "Inpaint area", "Masked area padding",
      "Size", "Model", "Model hash", "Clip skip",
      "Denoising strength", "prompt", "negative_prompt", "positive_prompt", "uc", "Description", "steps", "seed",
      "cfg_scale", "guidance_scale", "scale", "sampler", "scheduler", "noise_schedule", "width", "height", "resolution",
      "base_model", "base_model_hash", "model", "model_weights", "model_hash", "clip_skip", "Source", "-s", "-S",
      "-W", "-H", "-C", "-A"};
  return keys;
}

std::string number(double value) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out << value;
  return out.str();
}

std::string percent(double p) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", p * 100.0);
  return buffer;
}

void appendClip(const ImageRecipe& r, std::string& out) {
  if (r.comparisonPrompts.empty()) return;
  out += "CLIP: " + r.clipModel + " (temperature " + number(r.temperature) + ")\n";
  for (std::size_t i = 0; i < r.comparisonPrompts.size(); ++i) {
    const std::string p = i < r.probabilities.size() ? percent(r.probabilities[i]) : "?";
    out += "  " + p + "  " + r.comparisonPrompts[i] + (static_cast<int>(i) == ownComparisonIndex(r) ? "  (own prompt)" : "") +
           (scoredTruncated(r, i) ? "  (" + truncationNote(r, i) + ")" : "") +
           "\n";
  }
}

std::string settingsText(const ImageSettings& s) {
  const auto& r = s.recipe;
  if (s.source == SettingsSource::None) {
    std::string out = "No generation settings found.\n";
    for (const auto& w : s.warnings) out += "Warning: " + w + "\n";
    return out;
  }
  if (s.source == SettingsSource::Unrecognised) {
    std::string out = "No settings read: ";
    for (const auto& w : s.warnings) out += w + "\n";
    return out;
  }
  std::string out = "Source: " + sourceName(s.source) + "\n";
  if (!s.tool.empty()) out += "Tool: " + s.tool + "\n";
  if (!s.carrier.empty()) out += "Found in: " + s.carrier + "\n";
  out += "Prompt: " + r.prompt + "\n";
  if (!r.negativePrompt.empty()) out += "Negative prompt: " + r.negativePrompt + "\n";
  out += "Steps: " + std::to_string(r.steps) + "\n";
  out += "Sampler: " + s.samplerName + (s.schedulerKnown ? " (" + r.schedulerId + ")" : " (not available here)") + "\n";
  out += "CFG scale: " + number(r.cfgScale) + "\n";
  out += "Seed: " + std::to_string(r.seed) + "\n";
  if (r.variationStrength > 0)
    out += "Variation seed: " + std::to_string(r.variationSeed) + " (strength " + number(r.variationStrength) + ")\n";
  out += "Size: " + (s.sizeKnown ? std::to_string(r.width) + "x" + std::to_string(r.height) : "not recorded") + "\n";
  if (!r.modelName.empty() || !r.modelHash.empty())
    out += "Model: " + r.modelName + (r.modelHash.empty() ? "" : " [" + r.modelHash + "]") + "\n";
  if (r.clipSkip > 1) out += "Clip skip: " + std::to_string(r.clipSkip) + "\n";
  if (r.denoisingStrength) out += "Denoising strength: " + number(*r.denoisingStrength) + "\n";
  if (r.maskBlur)
    out += "Inpainting: mask blur " + std::to_string(*r.maskBlur) +
           (r.inpaintOnlyMasked ? ", only masked (padding " + std::to_string(r.maskedAreaPadding) + ")"
            : r.inpaintOverlay ? ", whole picture"
                               : ", whole picture, no overlay (the unmasked area repainted too)") +
           "\n";
  if (!r.device.empty()) out += "Device: " + r.device + "\n";
  for (const auto& [k, v] : s.fields)
    if (!shownKeys().count(k)) out += k + ": " + v + "\n";
  appendClip(r, out);
  out += insightText(r);
  for (const auto& w : s.warnings) out += "Warning: " + w + "\n";
  return out;
}

}  // namespace

// Everything in it comes from a file: escape sequences are shown, not run.
std::string formatSettingsText(const ImageSettings& s) { return terminalSafe(settingsText(s)); }

std::string formatSettingsJson(const ImageSettings& s) {
  const auto& r = s.recipe;
  nlohmann::ordered_json j;
  j["source"] = sourceName(s.source);
  j["tool"] = s.tool;
  j["found_in"] = s.carrier;
  if (hasRecipe(s)) {
    j["prompt"] = r.prompt;
    j["negative_prompt"] = r.negativePrompt;
    j["steps"] = r.steps;
    j["sampler"] = s.samplerName;
    j["scheduler"] = s.schedulerKnown ? nlohmann::ordered_json(r.schedulerId) : nlohmann::ordered_json();
    j["cfg_scale"] = r.cfgScale;
    j["seed"] = r.seed;
    if (r.variationStrength > 0) {
      j["variation_seed"] = r.variationSeed;
      j["variation_strength"] = r.variationStrength;
    }
    j["width"] = s.sizeKnown ? nlohmann::ordered_json(r.width) : nlohmann::ordered_json();
    j["height"] = s.sizeKnown ? nlohmann::ordered_json(r.height) : nlohmann::ordered_json();
    j["model"] = r.modelName;
    j["model_hash"] = r.modelHash;
    if (!r.loraHashes.empty()) j["lora_hashes"] = r.loraHashes;
    j["clip_skip"] = r.clipSkip;
    j["denoising_strength"] = r.denoisingStrength ? nlohmann::ordered_json(*r.denoisingStrength) : nlohmann::ordered_json();
  }
  j["fields"] = nlohmann::ordered_json::object();
  for (const auto& [k, v] : s.fields) j["fields"][k] = v;
  const std::string ours = findText(s.textChunks, "sdstudio");
  if (!ours.empty() && jsonNestingOk(ours)) j["sdstudio"] = nlohmann::ordered_json::parse(ours, nullptr, false);
  if (s.source == SettingsSource::SdStudio) addInsightReportJson(j, r);
  j["warnings"] = s.warnings;
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace sd
