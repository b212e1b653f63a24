#include "core/image/pil_resize.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/util/error.h"

// A port of Pillow's src/libImaging/Resample.c (precompute_coeffs,
// normalize_coeffs_8bpc, ImagingResample{Horizontal,Vertical}_8bpc and
// ImagingResampleInner) restricted to the bicubic and Lanczos filters and RGB.
namespace sd {

namespace {

constexpr int kChannels = 3;
constexpr double kBicubicA = -0.5;  // Pillow's (and Keys') a
constexpr double kPi = 3.14159265358979323846;
// 8 result bits + 2 bits of headroom for negative lobes and overshoot.
constexpr int kPrecisionBits = 32 - 8 - 2;

double bicubic(double x) {
  x = std::abs(x);
  if (x < 1.0) return ((kBicubicA + 2.0) * x - (kBicubicA + 3.0)) * x * x + 1;
  if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * kBicubicA;
  return 0.0;
}

double sinc(double x) {
  if (x == 0.0) return 1.0;
  x *= kPi;
  return std::sin(x) / x;
}

// Pillow's bounds: −3 ≤ x < 3.
double lanczos(double x) { return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3.0) : 0.0; }

struct Filter {
  double (*kernel)(double);
  double support;  // kernel radius at scale 1
};

Filter filterOf(PilFilter filter) {
  return filter == PilFilter::Lanczos ? Filter{lanczos, 3.0} : Filter{bicubic, 2.0};
}

// For each output sample: the first input index, the number of taps and the
// fixed-point weights (`taps` slots per output sample).
struct Coefficients {
  int taps = 0;
  std::vector<int> first, count;
  std::vector<int32_t> weights;
};

int32_t toFixedPoint(double w) {
  const double scaled = w * (1 << kPrecisionBits);
  return static_cast<int32_t>(w < 0 ? -0.5 + scaled : 0.5 + scaled);
}

Coefficients computeCoefficients(int inSize, int outSize, const Filter& filter) {
  const double scale = static_cast<double>(inSize) / outSize;
  const double filterScale = std::max(scale, 1.0);
  const double support = filter.support * filterScale;
  const double inverseFilterScale = 1.0 / filterScale;
  Coefficients c;
  c.taps = static_cast<int>(std::ceil(support)) * 2 + 1;
  c.first.resize(outSize);
  c.count.resize(outSize);
  c.weights.assign(static_cast<std::size_t>(outSize) * c.taps, 0);
  std::vector<double> w(c.taps);
  for (int out = 0; out < outSize; ++out) {
    const double center = (out + 0.5) * scale;
    // Truncating casts as in Pillow ("round the value" by adding 0.5).
    const int lo = std::max(static_cast<int>(center - support + 0.5), 0);
    const int n = std::min(static_cast<int>(center + support + 0.5), inSize) - lo;
    double sum = 0.0;
    for (int x = 0; x < n; ++x) {
      w[x] = filter.kernel((x + lo - center + 0.5) * inverseFilterScale);
      sum += w[x];
    }
    for (int x = 0; x < n; ++x) {
      if (sum != 0.0) w[x] /= sum;
      c.weights[static_cast<std::size_t>(out) * c.taps + x] = toFixedPoint(w[x]);
    }
    c.first[out] = lo;
    c.count[out] = n;
  }
  return c;
}

uint8_t clip8(int32_t accumulator) {
  return static_cast<uint8_t>(std::clamp(accumulator >> kPrecisionBits, 0, 255));
}

// Resamples rows [rowBegin, rowBegin + out.height) of `in` along x.
void resampleHorizontal(const RgbImage& in, int rowBegin, const Coefficients& c, RgbImage& out) {
  for (int y = 0; y < out.height; ++y) {
    const uint8_t* src = in.row(y + rowBegin);
    uint8_t* dst = out.row(y);
    for (int x = 0; x < out.width; ++x) {
      const int32_t* k = &c.weights[static_cast<std::size_t>(x) * c.taps];
      const uint8_t* s = src + static_cast<std::size_t>(c.first[x]) * kChannels;
      int32_t acc[kChannels] = {1 << (kPrecisionBits - 1), 1 << (kPrecisionBits - 1), 1 << (kPrecisionBits - 1)};
      for (int t = 0; t < c.count[x]; ++t)
        for (int ch = 0; ch < kChannels; ++ch) acc[ch] += s[t * kChannels + ch] * k[t];
      for (int ch = 0; ch < kChannels; ++ch) dst[x * kChannels + ch] = clip8(acc[ch]);
    }
  }
}

// `rowOffset` is subtracted from the coefficient bounds: the horizontal pass
// only produced the rows the vertical one reads.
void resampleVertical(const RgbImage& in, int rowOffset, const Coefficients& c, RgbImage& out) {
  const std::size_t rowBytes = static_cast<std::size_t>(in.width) * kChannels;
  for (int y = 0; y < out.height; ++y) {
    const int32_t* k = &c.weights[static_cast<std::size_t>(y) * c.taps];
    const uint8_t* src = in.row(c.first[y] - rowOffset);
    uint8_t* dst = out.row(y);
    for (std::size_t i = 0; i < rowBytes; ++i) {
      int32_t acc = 1 << (kPrecisionBits - 1);
      for (int t = 0; t < c.count[y]; ++t) acc += src[t * rowBytes + i] * k[t];
      dst[i] = clip8(acc);
    }
  }
}

}  // namespace

RgbImage pilResize(const RgbImage& image, int width, int height, PilFilter filterKind) {
  if (image.empty() || image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * kChannels)
    throw Error("resize: the source image is empty or its pixel buffer does not match " +
                std::to_string(image.width) + "x" + std::to_string(image.height));
  if (width <= 0 || height <= 0)
    throw Error("resize: target size " + std::to_string(width) + "x" + std::to_string(height) + " is not positive");
  const bool needHorizontal = width != image.width;
  const bool needVertical = height != image.height;
  if (!needHorizontal && !needVertical) return image;

  const Filter filter = filterOf(filterKind);
  const auto vertical = computeCoefficients(image.height, height, filter);
  // Rows of the source the vertical pass reads (Pillow's ybox_first/last).
  const int firstRow = vertical.first.front();
  const int lastRow = vertical.first.back() + vertical.count.back();
  RgbImage horizontal;
  const RgbImage* source = &image;
  int rowOffset = 0;
  if (needHorizontal) {
    rowOffset = needVertical ? firstRow : 0;
    horizontal = RgbImage::blank(width, needVertical ? lastRow - firstRow : image.height);
    resampleHorizontal(image, rowOffset, computeCoefficients(image.width, width, filter), horizontal);
    if (!needVertical) return horizontal;
    source = &horizontal;
  }
  RgbImage out = RgbImage::blank(source->width, height);
  resampleVertical(*source, rowOffset, vertical, out);
  return out;
}

}  // namespace sd
