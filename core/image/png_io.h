#pragma once
// PNG files with text chunks (the carriers of A1111's "parameters" and our
// "sdstudio" JSON), through libpng.
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/image/rgb_image.h"

namespace sd {

using PngText = std::vector<std::pair<std::string, std::string>>;  // keyword → UTF-8 text, in file order

// Encodes `image` with the text chunks (iTXt when a value is not Latin-1
// printable, tEXt otherwise, as A1111 does).
std::vector<unsigned char> encodePng(const RgbImage& image, const PngText& text = {});
// encodePng + atomic write (temporary file, fsync, rename): a crash never
// leaves a half-written image.
void writePng(const std::filesystem::path& path, const RgbImage& image, const PngText& text = {});

struct PngContents {
  RgbImage image;  // converted to 8-bit RGB (alpha dropped, gray expanded, 16-bit reduced)
  PngText text;    // tEXt, zTXt and iTXt chunks
};
PngContents readPng(const std::filesystem::path& path, bool decodePixels = true);
std::string findText(const PngText& text, const std::string& keyword);  // "" when absent

}  // namespace sd
