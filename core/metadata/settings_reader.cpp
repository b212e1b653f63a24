#include "core/metadata/settings_reader.h"

#include "core/image/png_io.h"
#include "core/metadata/comfy_prompt.h"
#include "core/metadata/infotext_parser.h"
#include "core/metadata/recipe_json.h"
#include "core/schedulers/scheduler_names.h"
#include "core/util/error.h"

namespace sd {

std::string sourceName(SettingsSource source) {
  switch (source) {
    case SettingsSource::SdStudio: return "sdstudio";
    case SettingsSource::A1111: return "a1111";
    case SettingsSource::SdCpp: return "sd.cpp";
    case SettingsSource::ComfyUi: return "comfyui";
    case SettingsSource::None: break;
  }
  return "none";
}

namespace {

// Our JSON is authoritative; the infotext next to it adds the fields as
// other tools will read them.
ImageSettings fromOurJson(const std::string& json, const std::string& infotext) {
  ImageSettings s;
  if (!infotext.empty()) s = parseInfotext(infotext);
  s.warnings.clear();
  s.recipe = parseRecipeJson(json);
  s.source = SettingsSource::SdStudio;
  const auto scheduler = findScheduler(s.recipe.schedulerId);
  s.schedulerKnown = scheduler.has_value();
  s.samplerName = scheduler ? a1111Label(*scheduler) : s.recipe.schedulerId;
  return s;
}

}  // namespace

ImageSettings settingsFromText(const std::vector<std::pair<std::string, std::string>>& chunks) {
  const std::string ours = findText(chunks, "sdstudio");
  const std::string infotext = findText(chunks, "parameters");
  ImageSettings s;
  std::string oursError;
  if (!ours.empty()) {
    try {
      s = fromOurJson(ours, infotext);
    } catch (const Error& e) {
      oursError = e.what();  // fall back to the infotext, and say why
    }
  }
  if (s.source == SettingsSource::None && !infotext.empty()) s = parseInfotext(infotext);
  if (s.source == SettingsSource::None) {
    const std::string comfy = findText(chunks, "prompt");
    if (auto parsed = comfy.empty() ? std::nullopt : parseComfyPrompt(comfy)) s = std::move(*parsed);
  }
  if (!oursError.empty()) s.warnings.push_back(oursError);
  s.textChunks = chunks;
  return s;
}

ImageSettings readSettings(const std::filesystem::path& pngPath) {
  auto settings = settingsFromText(readPng(pngPath, /*decodePixels=*/false).text);
  // Chunks may also follow the image data; only then is the whole file read.
  if (settings.source == SettingsSource::None) settings = settingsFromText(readPng(pngPath).text);
  return settings;
}

ImageRecipe readRecipe(const std::filesystem::path& pngPath) {
  auto settings = readSettings(pngPath);
  if (settings.source == SettingsSource::None)
    throw Error(pngPath.string() + " carries no generation settings (no 'sdstudio', 'parameters' or ComfyUI 'prompt' chunk)");
  return std::move(settings.recipe);
}

}  // namespace sd
