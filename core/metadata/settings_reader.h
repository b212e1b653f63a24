#pragma once
// The settings of any PNG: ours ("sdstudio" JSON, falling back to our
// "parameters"), A1111's and sd.cpp's ("parameters"), ComfyUI's ("prompt").
#include <filesystem>
#include <string>

#include "core/metadata/image_settings.h"

namespace sd {

// Reads only the chunks, not the pixels. Throws sd::Error naming the file
// when it cannot be read as a PNG; a PNG without metadata gives source None.
ImageSettings readSettings(const std::filesystem::path& pngPath);
// The same from chunks already read (keyword → text, in file order).
ImageSettings settingsFromText(const std::vector<std::pair<std::string, std::string>>& chunks);

// readSettings(path).recipe; throws sd::Error naming the file when it
// carries no generation settings.
ImageRecipe readRecipe(const std::filesystem::path& pngPath);

}  // namespace sd
