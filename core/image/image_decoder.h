#pragma once
// The pixel decoder behind loadRgbImage (image_io.cpp), one of two builds:
// image_decoder_opencv.cpp reads every format OpenCV reads;
// image_decoder_png.cpp (SDSTUDIO_WITH_OPENCV=OFF, the engine-only build for
// GPU servers) reads PNG through libpng and names the format it cannot read.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/image/rgb_image.h"

namespace sd {

// `bytes` is the whole file (checked non-empty and within the size limits
// where its header shows them). Throws sd::Error naming `path`.
RgbImage decodeImage(const std::filesystem::path& path, std::vector<uint8_t>& bytes);

}  // namespace sd
