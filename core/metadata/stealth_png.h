#pragma once
// "Stealth" PNG metadata: A1111's stealth-pnginfo extension (and NovelAI)
// hide the settings in the lowest bit of each pixel, so they survive sites
// that strip PNG text chunks. The bit stream runs column by column (x outer,
// y inner), one bit per pixel from alpha or three (R, G, B) from colour; it
// starts with a 15-byte signature — stealth_pnginfo / stealth_pngcomp
// (alpha, plain / gzip), stealth_rgbinfo / stealth_rgbcomp (RGB) — then the
// payload's length in bits (32-bit big-endian), then the payload. As read by
// the extension's read_info_from_image_stealth, RGB first.
#include <optional>
#include <string>

#include "core/metadata/byte_source.h"

namespace sd {

struct StealthText {
  std::string text;  // the payload, UTF-8 (A1111 infotext, or NovelAI's JSON)
  std::string mode;  // "alpha", "alpha, gzip", "rgb" or "rgb, gzip"
};

// Decodes only as many rows as the signature needs (at most 152); nullopt
// when there is no signature there. Pixels that cannot be decoded that far
// also give nullopt, with the reason in `probeError` (the file may still be
// fine as far as its metadata goes). Throws sd::Error naming the file when a
// signature is found but its payload is impossible (longer than the image,
// over the size cap, cut off, corrupt gzip).
std::optional<StealthText> readStealthText(const ByteSource& png, std::string* probeError = nullptr);

}  // namespace sd
