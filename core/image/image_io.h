#pragma once
// Loading picture files into RgbImage for CLIP scoring and img2img inputs.
#include <cstdint>
#include <filesystem>

#include "core/image/rgb_image.h"

namespace sd {

// Pictures above these sizes are refused before decoding (where the header
// can be read) so a forged or giant file cannot exhaust memory.
struct ImageSizeLimits {
  int maxSide = 16384;
  int64_t maxPixels = 100'000'000;
};

// Reads any format OpenCV decodes (PNG, JPEG, BMP, TIFF, WebP, …; PNG only
// in a build without OpenCV) as PIL's
// Image.open(path).convert("RGB") would see it:
//  * gray is replicated to R = G = B;
//  * alpha (RGBA, gray+alpha, PNG transparency) is DROPPED, not composited;
//  * 16-bit samples keep their high byte (v >> 8), as PIL does for 16-bit RGB
//    PNGs. (PIL 9 clamps 16-bit *gray* to 0..255 instead, turning almost every
//    pixel white; that is an artifact, not a conversion, so gray follows RGB);
//  * CMYK JPEGs are converted by OpenCV's libjpeg path (may differ from PIL's
//    CMYK→RGB by a few levels);
//  * EXIF orientation is NOT applied (neither PIL's open nor transformers do).
// Float and signed images are refused. Errors name the file and the reason:
// missing, not a file, empty, undecodable (damaged, truncated, unknown
// format), or too large for `limits`.
RgbImage loadRgbImage(const std::filesystem::path& path, const ImageSizeLimits& limits = {});

// False in the PNG-only build (SDSTUDIO_WITH_OPENCV=OFF, for GPU servers).
bool decodesAllImageFormats();

}  // namespace sd
