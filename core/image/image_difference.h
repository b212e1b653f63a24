#pragma once
// How far apart two 8-bit RGB images are, in the terms the goldens use: the
// largest difference in levels and the share of values that differ by more
// than some number of levels.
#include <array>
#include <cstdint>

#include "core/image/rgb_image.h"

namespace sd {

struct ImageDifference {
  std::array<int64_t, 256> histogram{};  // histogram[d]: values with |a − b| = d
  int64_t values = 0;                    // channel values compared (w · h · 3)
  int maxLevels = 0;                     // max |a − b|
  double meanLevels = 0;                 // mean |a − b|

  // Share (0..1) of the values with |a − b| > levels.
  double shareAbove(int levels) const;
};

// Throws sd::Error when the sizes differ.
ImageDifference compareImages(const RgbImage& a, const RgbImage& b);

}  // namespace sd
