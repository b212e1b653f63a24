#pragma once
// The settings of any image file: PNG (text chunks, eXIf, stealth pixels),
// JPEG and WebP (EXIF UserComment, EXIF text tags, XMP), whichever tool
// wrote them (see settings_recognizer.h).
#include <filesystem>
#include <string>

#include "core/metadata/byte_source.h"
#include "core/metadata/image_settings.h"
#include "core/metadata/settings_recognizer.h"

namespace sd {

// Reads the metadata structures only; pixels are decoded solely for a PNG
// without readable metadata, and then only the rows a stealth signature
// needs. Throws sd::Error naming the file when it cannot be read or is not
// PNG, JPEG or WebP; a file without metadata gives source None.
ImageSettings readSettings(const std::filesystem::path& path);
ImageSettings readSettings(const ByteSource& source);

// readSettings(path).recipe; throws sd::Error naming the file when it
// carries no generation settings we can read.
ImageRecipe readRecipe(const std::filesystem::path& path);

}  // namespace sd
