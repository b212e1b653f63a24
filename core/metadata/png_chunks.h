#pragma once
// The metadata chunks of a PNG, read without decoding a pixel: tEXt, zTXt
// and iTXt (before or after the image data) and eXIf, plus IHDR's facts.
// Our own walk of the chunk list (PNG spec §5.3), because libpng only
// reaches chunks after IDAT by inflating the whole image.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/metadata/byte_source.h"

namespace sd {

struct PngHeader {
  std::uint32_t width = 0, height = 0;
  int bitDepth = 0;
  int colorType = 0;  // 2 = RGB, 6 = RGBA (PNG spec table 11.1)
  bool interlaced = false;
};

struct PngMetadata {
  PngHeader header;
  std::vector<std::pair<std::string, std::string>> text;  // keyword → UTF-8 (Latin-1 tEXt/zTXt converted), in file order
  std::vector<unsigned char> exif;  // the eXIf chunk: a TIFF structure, empty when absent
};

bool isPng(const ByteSource& source);
// Throws sd::Error naming the file when the chunk list is malformed or a
// compressed text cannot be inflated within its cap.
PngMetadata readPngMetadata(const ByteSource& source);

}  // namespace sd
