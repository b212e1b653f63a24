#pragma once
// Replacing a PNG's text chunks without touching its pixels: the studio
// keeps each image's stored CLIP scores in step with the bars it shows, and
// re-encoding every image of a gallery whenever the comparison set changes
// would cost far more than rewriting a few chunks.
#include <filesystem>
#include <string>
#include <string_view>

#include "core/image/png_io.h"

namespace sd {

// `png` with every tEXt/zTXt/iTXt chunk whose keyword is in `text` dropped
// and `text` written before the first IDAT (tEXt when the value is plain
// ASCII, else uncompressed iTXt, as encodePng chooses). Every other chunk is
// kept byte for byte. Throws sd::Error naming `shownAs` when `png` is not a
// well-formed PNG (bad signature, a chunk running past the end, no IDAT).
std::string withPngText(std::string_view png, const PngText& text, const std::string& shownAs = "PNG");
// The same on a file, written back atomically.
void rewritePngText(const std::filesystem::path& path, const PngText& text);

}  // namespace sd
