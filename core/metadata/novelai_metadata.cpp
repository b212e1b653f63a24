#include "core/metadata/novelai_metadata.h"

#include <algorithm>
#include <cctype>

#include "core/image/png_io.h"
#include "core/metadata/json_values.h"
#include "core/metadata/sampler_names.h"
#include "core/metadata/text_values.h"

namespace sd {

namespace {

// "Stable Diffusion 1D44365E" → name, hash (the last word when it is
// upper-case hex-like, as NovelAI writes its model hashes).
void readSource(const std::string& source, ImageRecipe& r) {
  const auto space = source.find_last_of(' ');
  const std::string last = space == std::string::npos ? "" : source.substr(space + 1);
  const bool isHash = !last.empty() && std::all_of(last.begin(), last.end(), [](unsigned char c) {
    return std::isdigit(c) || std::isupper(c);
  });
  r.modelName = isHash ? trimmed(source.substr(0, space)) : source;
  r.modelHash = isHash ? last : "";
}

}  // namespace

bool isNovelAi(const MetadataText& text) {
  if (findText(text, "Software") == "NovelAI") return true;
  return !findText(text, "Source").empty() && !parseJsonObject(findText(text, "Comment")).is_discarded();
}

std::optional<ImageSettings> parseNovelAi(const MetadataText& text) {
  const Json comment = parseJsonObject(findText(text, "Comment"));
  ImageSettings s;
  auto& r = s.recipe;
  if (comment.is_discarded() || !jsonNumber(comment, "steps", r.steps) || !jsonNumber(comment, "seed", r.seed) ||
      jsonString(comment, "sampler").empty())
    return std::nullopt;
  s.source = SettingsSource::NovelAi;
  s.tool = findText(text, "Software");
  for (const char* key : {"Software", "Source"})
    if (const auto v = findText(text, key); !v.empty()) s.fields.emplace_back(key, v);
  for (auto& field : jsonFields(comment)) s.fields.push_back(std::move(field));
  const std::string description = findText(text, "Description");
  r.prompt = trimmed(description.empty() ? jsonString(comment, "prompt") : description);
  r.negativePrompt = jsonString(comment, "uc");
  if (!jsonNumber(comment, "scale", r.cfgScale)) s.warnings.push_back("scale (CFG) missing or not a number");
  applySampler(s, jsonString(comment, "sampler"), jsonString(comment, "noise_schedule"));
  if (!jsonNumber(comment, "width", r.width) || !jsonNumber(comment, "height", r.height))
    markSizeUnknown(s, "");
  readSource(findText(text, "Source"), r);
  // NovelAI writes strength for every image; it only applies to img2img.
  double strength = 0;
  if (jsonString(comment, "request_type").find("Img2Img") != std::string::npos && jsonNumber(comment, "strength", strength))
    r.denoisingStrength = strength;
  return s;
}

}  // namespace sd
