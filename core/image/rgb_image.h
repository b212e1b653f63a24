#pragma once
// An 8-bit RGB picture as a plain value: the type images cross threads and
// layers in (core → worker → ui), with no torch or Qt inside.
#include <cstdint>
#include <vector>

namespace sd {

struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // row-major RGB888, width*height*3 bytes, no padding

  bool empty() const { return width <= 0 || height <= 0; }
  const uint8_t* row(int y) const { return pixels.data() + static_cast<std::size_t>(y) * width * 3; }
  uint8_t* row(int y) { return pixels.data() + static_cast<std::size_t>(y) * width * 3; }
  static RgbImage blank(int width, int height) {
    return {width, height, std::vector<uint8_t>(static_cast<std::size_t>(width) * height * 3, 0)};
  }
};

}  // namespace sd
