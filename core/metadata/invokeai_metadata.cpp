#include "core/metadata/invokeai_metadata.h"

#include "core/metadata/invokeai_dream.h"
#include "core/metadata/json_values.h"
#include "core/metadata/sampler_names.h"

namespace sd {

namespace {

// What both generations of the format spell the same way.
bool readCommon(const Json& j, ImageSettings& s) {
  auto& r = s.recipe;
  const bool seed = jsonNumber(j, "seed", r.seed), steps = jsonNumber(j, "steps", r.steps);
  if (!seed && !steps) return false;
  if (!jsonNumber(j, "cfg_scale", r.cfgScale)) s.warnings.push_back("cfg_scale missing or not a number");
  if (!jsonNumber(j, "width", r.width) || !jsonNumber(j, "height", r.height)) markSizeUnknown(s, "");
  s.source = SettingsSource::InvokeAi;
  for (auto& field : jsonFields(j)) s.fields.push_back(std::move(field));
  return true;
}

// sd-metadata's prompt: a list of {prompt, weight} (2.3) or a string.
InvokePrompt sdMetadataPrompt(const Json& prompt) {
  if (prompt.is_string()) return splitInvokePrompt(prompt.get<std::string>());
  InvokePrompt out;
  if (!prompt.is_array()) return out;
  for (const auto& part : prompt) {
    const auto split = splitInvokePrompt(jsonString(part, "prompt"));
    for (auto [to, from] : {std::pair{&out.positive, &split.positive}, std::pair{&out.negative, &split.negative}})
      if (!from->empty()) *to += (to->empty() ? "" : ", ") + *from;
  }
  return out;
}

}  // namespace

std::optional<ImageSettings> parseInvokeSdMetadata(std::string_view text) {
  const Json j = parseJsonObject(text);
  const Json& image = j.is_discarded() || !j.contains("image") ? Json() : j["image"];
  ImageSettings s;
  if (!image.is_object() || !readCommon(image, s)) return std::nullopt;
  s.tool = "InvokeAI " + jsonString(j, "app_version");
  for (const char* key : {"model_weights", "model_hash", "app_id", "app_version"})
    if (j.contains(key)) s.fields.emplace_back(key, jsonString(j, key));
  const auto prompt = sdMetadataPrompt(image.contains("prompt") ? image["prompt"] : Json());
  s.recipe.prompt = prompt.positive;
  s.recipe.negativePrompt = prompt.negative;
  if (const auto sampler = jsonString(image, "sampler"); !sampler.empty()) applySampler(s, sampler, "");
  s.recipe.modelName = jsonString(j, "model_weights");
  s.recipe.modelHash = jsonString(j, "model_hash");
  double strength = 0;
  if (jsonString(image, "type") == "img2img" && jsonNumber(image, "strength", strength)) s.recipe.denoisingStrength = strength;
  return s;
}

std::optional<ImageSettings> parseInvokeMetadata(std::string_view text) {
  const Json j = parseJsonObject(text);
  ImageSettings s;
  if (j.is_discarded() || !readCommon(j, s)) return std::nullopt;
  s.tool = "InvokeAI";
  if (const auto version = jsonString(j, "app_version"); !version.empty()) s.tool += " " + version;
  s.recipe.prompt = jsonString(j, "positive_prompt");
  s.recipe.negativePrompt = jsonString(j, "negative_prompt");
  if (const auto scheduler = jsonString(j, "scheduler"); !scheduler.empty()) applySampler(s, scheduler, "");
  if (j.contains("model") && j["model"].is_object()) {
    const Json& model = j["model"];
    s.recipe.modelName = jsonString(model, model.contains("model_name") ? "model_name" : "name");
    s.recipe.modelHash = jsonString(model, "hash");
  }
  // InvokeAI counts skipped layers (0 = none); A1111's Clip skip counts from 1.
  int skipped = 0;
  if (jsonNumber(j, "clip_skip", skipped) && skipped > 0) s.recipe.clipSkip = skipped + 1;
  double strength = 0;
  if (jsonString(j, "generation_mode").find("img2img") != std::string::npos && jsonNumber(j, "strength", strength))
    s.recipe.denoisingStrength = strength;
  return s;
}

}  // namespace sd
