#pragma once
// What a PNG says about how it was made, whichever tool wrote it: the recipe
// in our terms plus where it came from and every field as the file spelled
// it (so nothing a foreign tool wrote is lost when we show it).
#include <string>
#include <utility>
#include <vector>

#include "core/metadata/image_recipe.h"

namespace sd {

enum class SettingsSource {
  None,      // no generation metadata in the file
  SdStudio,  // our "sdstudio" JSON chunk
  A1111,     // a "parameters" infotext (A1111, Forge, Fooocus, InvokeAI's A1111 mode…)
  SdCpp,     // stable-diffusion.cpp's infotext ("Version: stable-diffusion.cpp")
  ComfyUi,   // ComfyUI's "prompt" node graph
};

std::string sourceName(SettingsSource source);  // "sdstudio", "a1111", "sd.cpp", "comfyui", "none"

struct ImageSettings {
  ImageRecipe recipe;
  SettingsSource source = SettingsSource::None;
  std::string samplerName;        // as the file wrote it ("DPM++ 2M Karras", "euler_a", "dpmpp_2m/karras")
  bool schedulerKnown = false;    // recipe.schedulerId is one of ours (else it holds samplerName)
  std::vector<std::pair<std::string, std::string>> fields;  // key → value, unquoted, in file order
  std::vector<std::string> warnings;  // fields that were present but unreadable
  std::vector<std::pair<std::string, std::string>> textChunks;  // every PNG text chunk, as read
};

}  // namespace sd
