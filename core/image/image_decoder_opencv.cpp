#include "core/image/image_decoder.h"

#include <limits>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "core/util/error.h"

// Any format OpenCV decodes (PNG, JPEG, BMP, TIFF, WebP, ...).
namespace sd {

namespace {

// Sample → 8 bits: 16-bit keeps the high byte (PIL's "RGB;16B" unpacking).
template <typename T>
uint8_t to8(T v) {
  if constexpr (sizeof(T) == 2) return static_cast<uint8_t>(v >> 8);
  else return static_cast<uint8_t>(v);
}

// OpenCV's channel orders: 1 gray, 2 gray+alpha, 3 BGR, 4 BGRA.
template <typename T>
RgbImage toRgb(const cv::Mat& m) {
  RgbImage out = RgbImage::blank(m.cols, m.rows);
  const int channels = m.channels();
  for (int y = 0; y < m.rows; ++y) {
    const T* src = m.ptr<T>(y);
    uint8_t* dst = out.row(y);
    for (int x = 0; x < m.cols; ++x, src += channels, dst += 3) {
      if (channels <= 2) {
        dst[0] = dst[1] = dst[2] = to8(src[0]);
      } else {
        dst[0] = to8(src[2]);
        dst[1] = to8(src[1]);
        dst[2] = to8(src[0]);
      }
    }
  }
  return out;
}

std::string depthName(int depth) {
  switch (depth) {
    case CV_8S: return "signed 8-bit";
    case CV_16S: return "signed 16-bit";
    case CV_32S: return "32-bit integer";
    case CV_32F: return "32-bit float";
    case CV_64F: return "64-bit float";
    default: return "unknown";
  }
}

}  // namespace

RgbImage decodeImage(const std::filesystem::path& path, std::vector<uint8_t>& bytes) {
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw Error(path.string() + ": the file is too large to be an image this program reads (over 2 GB)");
  cv::Mat decoded;
  try {
    const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8U, bytes.data());
    decoded = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    throw Error(path.string() + ": cannot decode the image: " + e.what());
  }
  if (decoded.empty())
    throw Error(path.string() + ": cannot decode the image (unknown format, damaged or truncated file)");
  const int channels = decoded.channels();
  if (channels < 1 || channels > 4)
    throw Error(path.string() + ": images with " + std::to_string(channels) + " channels are not supported");
  if (decoded.depth() == CV_8U) return toRgb<uint8_t>(decoded);
  if (decoded.depth() == CV_16U) return toRgb<uint16_t>(decoded);
  throw Error(path.string() + ": " + depthName(decoded.depth()) + " samples are not supported (8 or 16-bit only)");
}

bool decodesAllImageFormats() { return true; }

}  // namespace sd
