#include <string>

#include "core/image/image_decoder.h"
#include "core/image/png_io.h"
#include "core/util/error.h"

namespace sd {

namespace {

const char* formatName(const std::vector<uint8_t>& b) {
  auto starts = [&](std::initializer_list<uint8_t> magic) {
    return b.size() >= magic.size() && std::equal(magic.begin(), magic.end(), b.begin());
  };
  if (starts({0xFF, 0xD8, 0xFF})) return "JPEG";
  if (starts({'R', 'I', 'F', 'F'}) && b.size() >= 12 && std::equal(b.begin() + 8, b.begin() + 12, "WEBP")) return "WebP";
  if (starts({'B', 'M'})) return "BMP";
  if (starts({'I', 'I', 42, 0}) || starts({'M', 'M', 0, 42})) return "TIFF";
  if (starts({'G', 'I', 'F', '8'})) return "GIF";
  return nullptr;
}

}  // namespace

RgbImage decodeImage(const std::filesystem::path& path, std::vector<uint8_t>& bytes) {
  static const uint8_t kPngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (bytes.size() < 8 || !std::equal(kPngSignature, kPngSignature + 8, bytes.begin())) {
    if (const char* format = formatName(bytes))
      throw Error(path.string() + ": " + format +
                  " images need OpenCV, and this build of SD Studio has none (SDSTUDIO_WITH_OPENCV=OFF); convert it "
                  "to PNG");
    throw Error(path.string() + ": cannot decode the image (not a PNG file, damaged or truncated)");
  }
  try {
    return readPng(path).image;
  } catch (const Error& e) {
    throw Error(path.string() + ": cannot decode the image (" + e.what() + ")");
  }
}

bool decodesAllImageFormats() { return false; }

}  // namespace sd
