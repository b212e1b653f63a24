#pragma once
// The generation metadata of an image file as keyword → text pairs, the way
// a PNG would carry it, whatever the container: PNG text chunks as they are;
// a JPEG's or WebP's EXIF/XMP mapped onto the keywords the same tool uses in
// PNGs (A1111's UserComment → "parameters", ComfyUI's "prompt:{…}" in
// EXIF Model → "prompt", …). Reads no pixels.
#include <string>
#include <utility>
#include <vector>

#include "core/metadata/byte_source.h"
#include "core/metadata/exif_reader.h"

namespace sd {

using MetadataText = std::vector<std::pair<std::string, std::string>>;

struct FileMetadata {
  MetadataText text;
  std::string carrier;  // where the text came from: "PNG text", "EXIF UserComment", …
  bool mayHideStealth = false;  // an 8/16-bit RGB(A) PNG, whose low bits may carry stealth metadata
};

// Throws sd::Error naming the file when it is none of PNG, JPEG, WebP, or
// its metadata structures are malformed.
FileMetadata readFileMetadata(const ByteSource& source);

// EXIF (and an XMP exif:UserComment standing in for it) → keywords, added
// to `text` unless a keyword is already there.
void addExifText(const ExifFields& exif, const std::string& xmp, MetadataText& text);

}  // namespace sd
