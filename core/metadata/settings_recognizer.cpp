#include "core/metadata/settings_recognizer.h"

#include <optional>

#include "core/image/png_io.h"
#include "core/metadata/comfy_prompt.h"
#include "core/metadata/fooocus_metadata.h"
#include "core/metadata/infotext_parser.h"
#include "core/metadata/invokeai_dream.h"
#include "core/metadata/invokeai_metadata.h"
#include "core/metadata/json_values.h"
#include "core/metadata/novelai_metadata.h"
#include "core/metadata/recipe_json.h"
#include "core/metadata/text_values.h"
#include "core/schedulers/scheduler_names.h"
#include "core/util/error.h"

namespace sd {

namespace {

using Found = std::optional<ImageSettings>;

ImageSettings unrecognised(const std::string& tool, const std::string& why) {
  ImageSettings s;
  s.source = SettingsSource::Unrecognised;
  s.tool = tool;
  s.warnings.push_back("unrecognised metadata from " + tool + ": " + why);
  return s;
}

// Our JSON is authoritative; the infotext next to it adds the fields as
// other tools will read them.
ImageSettings fromOurJson(const std::string& json, const std::string& infotext) {
  ImageSettings s;
  if (!infotext.empty()) s = parseInfotext(infotext);
  s.warnings.clear();
  s.recipe = parseRecipeJson(json);
  s.source = SettingsSource::SdStudio;
  s.tool = "SD Studio";
  const auto scheduler = findScheduler(s.recipe.schedulerId);
  s.schedulerKnown = scheduler.has_value();
  s.samplerName = scheduler ? a1111Label(*scheduler) : s.recipe.schedulerId;
  return s;
}

Found fromNovelAi(const MetadataText& chunks) {
  if (!isNovelAi(chunks)) return std::nullopt;
  if (auto s = parseNovelAi(chunks)) return s;
  return unrecognised("NovelAI", "its Comment is not a JSON object with steps, seed and sampler");
}

Found fromInvokeAi(const MetadataText& chunks) {
  const auto sdMetadata = findText(chunks, "sd-metadata"), dream = findText(chunks, "Dream"),
             meta = findText(chunks, "invokeai_metadata");
  Found s;
  if (!sdMetadata.empty()) s = parseInvokeSdMetadata(sdMetadata);
  if (!s && !dream.empty()) s = parseInvokeDream(dream);
  if (!s && !meta.empty()) s = parseInvokeMetadata(meta);
  if (s || (sdMetadata.empty() && dream.empty() && meta.empty() && findText(chunks, "invokeai_graph").empty())) return s;
  return unrecognised("InvokeAI", "none of sd-metadata, Dream or invokeai_metadata holds a seed or step count");
}

Found fromParameters(const MetadataText& chunks) {
  const std::string parameters = findText(chunks, "parameters");
  if (parameters.empty()) return std::nullopt;
  const Json json = parseJsonObject(parameters);
  if (json.is_discarded()) return parseInfotext(parameters);
  // JSON where A1111 keeps its infotext: Fooocus' own scheme, or a tool we
  // do not know; reading it as an infotext would invent settings.
  if (isFooocusJson(json) || findText(chunks, "fooocus_scheme") == "fooocus") {
    if (auto s = parseFooocusJson(json)) return s;
    return unrecognised("Fooocus", "its JSON lacks prompt, steps or seed");
  }
  const std::string software = findText(chunks, "Software");
  return unrecognised(software.empty() ? "an unknown tool" : software, "'parameters' holds JSON that is not Fooocus'");
}

Found fromComfyUi(const MetadataText& chunks) {
  const auto prompt = findText(chunks, "prompt"), workflow = findText(chunks, "workflow");
  if (!prompt.empty())
    if (auto s = parseComfyPrompt(prompt)) return s;
  std::string why;
  const bool readable = prompt.empty() || !parseJsonObject(prompt, &why).is_discarded();
  const std::string problem = !readable        ? "its 'prompt' chunk cannot be read: " + why
                              : prompt.empty() ? "only the editor's workflow is stored, not the executed graph"
                                               : "its graph has no sampler node we can read";
  // A 'prompt' chunk of plain text (no workflow next to it) is some other tool's.
  if (!workflow.empty() || (!prompt.empty() && (readable || trimmedView(prompt).starts_with('{'))))
    return unrecognised("ComfyUI", problem);
  return std::nullopt;
}

}  // namespace

std::string sourceName(SettingsSource source) {
  switch (source) {
    case SettingsSource::SdStudio: return "sdstudio";
    case SettingsSource::A1111: return "a1111";
    case SettingsSource::SdCpp: return "sd.cpp";
    case SettingsSource::ComfyUi: return "comfyui";
    case SettingsSource::InvokeAi: return "invokeai";
    case SettingsSource::NovelAi: return "novelai";
    case SettingsSource::Fooocus: return "fooocus";
    case SettingsSource::Unrecognised: return "unrecognised";
    case SettingsSource::None: break;
  }
  return "none";
}

ImageSettings settingsFromText(const MetadataText& chunks) {
  const std::string ours = findText(chunks, "sdstudio");
  std::vector<std::string> problems;  // said as warnings next to whatever else was read
  Found s;
  if (!ours.empty()) {
    try {
      s = fromOurJson(ours, findText(chunks, "parameters"));
    } catch (const std::exception& e) {
      problems.push_back(e.what());  // fall back to the infotext, and say why
    }
  }
  // Most specific keys first: NovelAI's and InvokeAI's never appear in
  // other tools' files, "parameters" and "prompt" are shared spellings.
  // A reader that trips over a value of an unexpected type costs this file
  // its settings, never the caller (a gallery, `info a b c`).
  for (auto reader : {fromNovelAi, fromInvokeAi, fromParameters, fromComfyUi}) {
    if (s) break;
    try {
      s = reader(chunks);
    } catch (const std::exception& e) {
      problems.push_back(std::string("metadata not readable: ") + e.what());
    }
  }
  ImageSettings out = s ? std::move(*s) : ImageSettings{};
  out.warnings.insert(out.warnings.end(), problems.begin(), problems.end());
  out.textChunks = chunks;
  return out;
}

}  // namespace sd
