#include "core/image/image_difference.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "core/util/error.h"

namespace sd {

double ImageDifference::shareAbove(int levels) const {
  if (values == 0) return 0.0;
  int64_t count = 0;
  for (int d = std::max(levels + 1, 0); d < 256; ++d) count += histogram[d];
  return static_cast<double>(count) / static_cast<double>(values);
}

ImageDifference compareImages(const RgbImage& a, const RgbImage& b) {
  if (a.width != b.width || a.height != b.height || a.pixels.size() != b.pixels.size())
    throw Error("the images differ in size: " + std::to_string(a.width) + "x" + std::to_string(a.height) + " and " +
                std::to_string(b.width) + "x" + std::to_string(b.height));
  ImageDifference d;
  d.values = static_cast<int64_t>(a.pixels.size());
  int64_t sum = 0;
  for (std::size_t i = 0; i < a.pixels.size(); ++i) {
    const int delta = std::abs(int(a.pixels[i]) - int(b.pixels[i]));
    ++d.histogram[delta];
    sum += delta;
  }
  for (int level = 255; level > 0; --level)
    if (d.histogram[level]) {
      d.maxLevels = level;
      break;
    }
  d.meanLevels = d.values ? static_cast<double>(sum) / static_cast<double>(d.values) : 0.0;
  return d;
}

}  // namespace sd
