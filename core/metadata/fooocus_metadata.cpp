#include "core/metadata/fooocus_metadata.h"

#include <cstdio>

#include "core/metadata/sampler_names.h"

namespace sd {

namespace {

// "(768, 1280)" → 768×1280 (Fooocus writes str((width, height))).
bool parseResolution(const std::string& text, int& width, int& height) {
  int w = 0, h = 0;
  char close = 0;
  if (std::sscanf(text.c_str(), " (%d , %d %c", &w, &h, &close) != 3 || close != ')' || w <= 0 || h <= 0) return false;
  width = w;
  height = h;
  return true;
}

}  // namespace

bool isFooocusJson(const Json& json) {
  return jsonString(json, "metadata_scheme") == "fooocus" || jsonString(json, "version").rfind("Fooocus", 0) == 0;
}

std::optional<ImageSettings> parseFooocusJson(const Json& json) {
  ImageSettings s;
  auto& r = s.recipe;
  if (!json.contains("prompt") || !jsonNumber(json, "steps", r.steps) || !jsonNumber(json, "seed", r.seed))
    return std::nullopt;
  s.source = SettingsSource::Fooocus;
  s.tool = jsonString(json, "version");
  s.fields = jsonFields(json);
  r.prompt = jsonString(json, "prompt");
  r.negativePrompt = jsonString(json, "negative_prompt");
  if (!jsonNumber(json, "guidance_scale", r.cfgScale)) s.warnings.push_back("guidance_scale missing or not a number");
  applySampler(s, jsonString(json, "sampler"), jsonString(json, "scheduler"));
  if (!parseResolution(jsonString(json, "resolution"), r.width, r.height))
    markSizeUnknown(s, "resolution '" + jsonString(json, "resolution") + "' is not (width, height)");
  r.modelName = jsonString(json, "base_model");
  r.modelHash = jsonString(json, "base_model_hash");
  int clipSkip = 1;
  if (jsonNumber(json, "clip_skip", clipSkip) && clipSkip >= 1) r.clipSkip = clipSkip;
  // Fooocus expands the prompt with its styles and GPT-2 "Fooocus V2"
  // before sampling; what was sampled is full_prompt, kept in the fields.
  const Json& full = json.contains("full_prompt") ? json["full_prompt"] : Json();
  if (full.is_array() && !(full.size() == 1 && jsonText(full[0]) == r.prompt))
    s.warnings.push_back("Fooocus rewrote the prompt with its styles before sampling (see full_prompt); the image will differ");
  return s;
}

}  // namespace sd
