#pragma once
// What an image file says about how it was made, whichever tool wrote it:
// the recipe in our terms plus where it came from and every field as the
// file spelled it (so nothing a foreign tool wrote is lost when we show it).
#include <string>
#include <utility>
#include <vector>

#include "core/metadata/image_recipe.h"

namespace sd {

enum class SettingsSource {
  None,          // no generation metadata in the file
  SdStudio,      // our "sdstudio" JSON chunk
  A1111,         // a "parameters" infotext (A1111, Forge, Fooocus' a1111 scheme…)
  SdCpp,         // stable-diffusion.cpp's infotext ("Version: stable-diffusion.cpp")
  ComfyUi,       // ComfyUI's "prompt" node graph
  InvokeAi,      // InvokeAI's "invokeai_metadata", "sd-metadata" or "Dream"
  NovelAi,       // NovelAI's "Comment" JSON (text chunks or stealth alpha)
  Fooocus,       // Fooocus' JSON scheme
  Unrecognised,  // metadata of a known tool (`tool`) in a shape we cannot read
};

// "sdstudio", "a1111", "sd.cpp", "comfyui", "invokeai", "novelai",
// "fooocus", "unrecognised", "none"
std::string sourceName(SettingsSource source);

struct ImageSettings {
  ImageRecipe recipe;
  SettingsSource source = SettingsSource::None;
  std::string tool;               // the writer as the file names it ("Fooocus v2.4.3", "InvokeAI 2.3.0"), or for
                                  // Unrecognised what we could tell ("ComfyUI", "an unknown tool")
  std::string carrier;            // where the settings were found: "PNG text", "EXIF UserComment", "stealth alpha, gzip"…
  std::string samplerName;        // as the file wrote it ("DPM++ 2M Karras", "euler_a", "dpmpp_2m karras")
  bool schedulerKnown = false;    // recipe.schedulerId is one of ours (else it holds samplerName)
  bool sizeKnown = true;          // the file states width and height (img2img graphs, NovelAI's older files may not)
  std::vector<std::pair<std::string, std::string>> fields;  // key → value, unquoted, in file order
  std::vector<std::string> warnings;  // fields that were present but unreadable, what was left out
  std::vector<std::pair<std::string, std::string>> textChunks;  // every metadata text, as read (EXIF mapped to keywords)
};

// The file does not state the image size: recipe.width/height keep their
// defaults, which nothing should take for the file's.
inline void markSizeUnknown(ImageSettings& s, const std::string& why) {
  s.sizeKnown = false;
  s.warnings.push_back("size not recorded" + (why.empty() ? std::string(" in the file") : ": " + why));
}

// True when the file gave a recipe (not None, not Unrecognised).
inline bool hasRecipe(const ImageSettings& s) {
  return s.source != SettingsSource::None && s.source != SettingsSource::Unrecognised;
}

}  // namespace sd
