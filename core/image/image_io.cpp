#include "core/image/image_io.h"

#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <zlib.h>

#include "core/image/image_decoder.h"
#include "core/util/error.h"

namespace sd {

namespace {

struct Dimensions {
  int64_t width = 0, height = 0;
};

std::vector<uint8_t> readBytes(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(path.string() + ": no such file");
  if (!std::filesystem::is_regular_file(path, ec)) throw Error(path.string() + ": is not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string() + ": cannot open the file for reading");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(path.string() + ": read error");
  if (bytes.empty()) throw Error(path.string() + ": the file is empty (0 bytes), not an image");
  return bytes;
}

uint32_t bigEndian(const uint8_t* p, int bytes) {
  uint32_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

// PNG: the IHDR chunk always comes first, right after the 8-byte signature.
// Its CRC is checked first: damaged header bytes would otherwise be reported
// as an absurd size ("too large (64x16777280)").
std::optional<Dimensions> pngDimensions(const std::filesystem::path& path, const std::vector<uint8_t>& b) {
  static const uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (b.size() < 24 || !std::equal(kSignature, kSignature + 8, b.begin())) return std::nullopt;
  constexpr std::size_t kIhdrEnd = 8 + 4 + 4 + 13;  // signature, length, type, data
  if (b.size() >= kIhdrEnd + 4 && bigEndian(&b[8], 4) == 13 && std::equal(b.begin() + 12, b.begin() + 16, "IHDR")) {
    const auto crc = ::crc32(::crc32(0, nullptr, 0), &b[12], 4 + 13);
    if (crc != bigEndian(&b[kIhdrEnd], 4))
      throw Error(path.string() + ": the PNG header (IHDR) is damaged: its CRC does not match");
  }
  return Dimensions{bigEndian(&b[16], 4), bigEndian(&b[20], 4)};
}

// JPEG: walks the marker segments up to the first SOFn frame header.
std::optional<Dimensions> jpegDimensions(const std::vector<uint8_t>& b) {
  if (b.size() < 4 || b[0] != 0xFF || b[1] != 0xD8) return std::nullopt;
  std::size_t i = 2;
  while (i + 4 <= b.size()) {
    if (b[i] != 0xFF) return std::nullopt;
    const uint8_t marker = b[i + 1];
    if (marker == 0xFF) { ++i; continue; }  // fill byte
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { i += 2; continue; }  // no length
    if (marker == 0xDA || marker == 0xD9) return std::nullopt;  // scan data before any frame header
    const std::size_t length = bigEndian(&b[i + 2], 2);
    const bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame && i + 9 <= b.size()) return Dimensions{bigEndian(&b[i + 7], 2), bigEndian(&b[i + 5], 2)};
    i += 2 + length;
  }
  return std::nullopt;
}

void checkSize(const std::filesystem::path& path, Dimensions d, const ImageSizeLimits& limits) {
  const auto size = std::to_string(d.width) + "x" + std::to_string(d.height);
  if (d.width <= 0 || d.height <= 0) throw Error(path.string() + ": the image has zero size (" + size + ")");
  if (d.width > limits.maxSide || d.height > limits.maxSide || d.width * d.height > limits.maxPixels)
    throw Error(path.string() + ": the image is too large (" + size + "); the limit is " +
                std::to_string(limits.maxSide) + " pixels a side and " + std::to_string(limits.maxPixels / 1'000'000) +
                " megapixels");
}

}  // namespace

RgbImage loadRgbImage(const std::filesystem::path& path, const ImageSizeLimits& limits) {
  auto bytes = readBytes(path);
  if (auto header = pngDimensions(path, bytes)) checkSize(path, *header, limits);
  else if (auto header = jpegDimensions(bytes)) checkSize(path, *header, limits);

  RgbImage image = decodeImage(path, bytes);
  checkSize(path, {image.width, image.height}, limits);
  return image;
}

}  // namespace sd
