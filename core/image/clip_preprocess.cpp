#include "core/image/clip_preprocess.h"

#include <algorithm>
#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

#include "core/image/pil_resize.h"
#include "core/util/error.h"
#include "core/util/json_file.h"

// Mirrors CLIPImageProcessor.preprocess and image_transforms.{resize,
// center_crop, rescale, normalize} of transformers 4.39, including its
// number types: rescale multiplies in float64 and stores float32, normalize
// runs in float32.
namespace sd {

namespace {

constexpr int kChannels = 3;
constexpr int kPilBicubic = 3;  // PIL.Image.BICUBIC

int positiveInt(const nlohmann::json& j, const char* key, int fallback, const std::filesystem::path& origin) {
  const int value = jsonValue<int>(j, key, fallback, origin);
  if (value <= 0) throw Error(origin.string() + ": \"" + key + "\" must be positive, got " + std::to_string(value));
  return value;
}

void readSize(const nlohmann::json& j, const std::filesystem::path& path, ClipImageProcessorConfig& c) {
  const auto it = j.find("size");
  if (it == j.end() || it->is_null()) return;
  if (it->is_number_integer()) {
    c.shortestEdge = positiveInt(j, "size", c.shortestEdge, path);
  } else if (it->is_object() && it->contains("shortest_edge")) {
    c.shortestEdge = positiveInt(*it, "shortest_edge", c.shortestEdge, path);
  } else if (it->is_object() && it->contains("height") && it->contains("width")) {
    c.shortestEdge = 0;
    c.resizeHeight = positiveInt(*it, "height", 0, path);
    c.resizeWidth = positiveInt(*it, "width", 0, path);
  } else {
    throw Error(path.string() + ": \"size\" must be an int, {\"shortest_edge\": n} or {\"height\", \"width\"}");
  }
}

void readCropSize(const nlohmann::json& j, const std::filesystem::path& path, ClipImageProcessorConfig& c) {
  const auto it = j.find("crop_size");
  if (it == j.end() || it->is_null()) return;
  if (it->is_number_integer()) {
    c.cropHeight = c.cropWidth = positiveInt(j, "crop_size", c.cropHeight, path);
  } else if (it->is_object()) {
    c.cropHeight = positiveInt(*it, "height", c.cropHeight, path);
    c.cropWidth = positiveInt(*it, "width", c.cropWidth, path);
  } else {
    throw Error(path.string() + ": \"crop_size\" must be an int or {\"height\", \"width\"}");
  }
}

std::array<float, 3> readTriple(const nlohmann::json& j, const char* key, std::array<float, 3> fallback,
                                const std::filesystem::path& path) {
  const auto values = jsonValue<std::vector<double>>(j, key, {fallback.begin(), fallback.end()}, path);
  if (values.size() != kChannels) throw Error(path.string() + ": \"" + key + "\" must have 3 values");
  return {static_cast<float>(values[0]), static_cast<float>(values[1]), static_cast<float>(values[2])};
}

}  // namespace

ClipImageProcessorConfig readClipImageProcessorConfig(const std::filesystem::path& path) {
  const auto j = readJsonFile(path);
  ClipImageProcessorConfig c;
  c.doResize = jsonValue<bool>(j, "do_resize", c.doResize, path);
  readSize(j, path, c);
  c.doCenterCrop = jsonValue<bool>(j, "do_center_crop", c.doCenterCrop, path);
  readCropSize(j, path, c);
  c.doRescale = jsonValue<bool>(j, "do_rescale", c.doRescale, path);
  c.rescaleFactor = jsonValue<double>(j, "rescale_factor", c.rescaleFactor, path);
  c.doNormalize = jsonValue<bool>(j, "do_normalize", c.doNormalize, path);
  c.imageMean = readTriple(j, "image_mean", c.imageMean, path);
  c.imageStd = readTriple(j, "image_std", c.imageStd, path);
  for (float s : c.imageStd)
    if (!(s > 0)) throw Error(path.string() + ": \"image_std\" values must be positive");
  const int resample = jsonValue<int>(j, "resample", kPilBicubic, path);
  if (resample != kPilBicubic)
    throw Error(path.string() + ": \"resample\": " + std::to_string(resample) +
                " is not supported; only 3 (PIL BICUBIC, CLIP's) is implemented");
  return c;
}

std::pair<int, int> shortestEdgeResizeSize(int width, int height, int shortestEdge) {
  const bool portrait = width <= height;
  const int64_t shortSide = portrait ? width : height, longSide = portrait ? height : width;
  // Python's int(size * long / short): true division in double, truncated.
  const int newLong = static_cast<int>(static_cast<double>(shortestEdge * longSide) / static_cast<double>(shortSide));
  return portrait ? std::pair{shortestEdge, newLong} : std::pair{newLong, shortestEdge};
}

RgbImage centerCrop(const RgbImage& image, int cropWidth, int cropHeight) {
  // Pad (zeros) to at least the crop size, centred with ceil((new − old)/2)
  // before, then crop at floor((h − ch)/2) in the padded image.
  const int paddedW = std::max(cropWidth, image.width), paddedH = std::max(cropHeight, image.height);
  const int padLeft = (paddedW - image.width + 1) / 2, padTop = (paddedH - image.height + 1) / 2;
  const int left = (paddedW - cropWidth) / 2, top = (paddedH - cropHeight) / 2;
  RgbImage out = RgbImage::blank(cropWidth, cropHeight);
  for (int y = 0; y < cropHeight; ++y) {
    const int sy = y + top - padTop;
    if (sy < 0 || sy >= image.height) continue;
    for (int x = 0; x < cropWidth; ++x) {
      const int sx = x + left - padLeft;
      if (sx < 0 || sx >= image.width) continue;
      std::memcpy(out.row(y) + x * kChannels, image.row(sy) + sx * kChannels, kChannels);
    }
  }
  return out;
}

ClipPreprocessed preprocessForClip(const RgbImage& image, const ClipImageProcessorConfig& config) {
  if (image.empty()) throw Error("CLIP preprocessing: the image is empty");
  ClipPreprocessed out;
  out.resized = image;
  if (config.doResize) {
    const auto [w, h] = config.shortestEdge > 0 ? shortestEdgeResizeSize(image.width, image.height, config.shortestEdge)
                                                : std::pair{config.resizeWidth, config.resizeHeight};
    out.resized = pilResizeBicubic(image, w, h);
  }
  out.cropped = config.doCenterCrop ? centerCrop(out.resized, config.cropWidth, config.cropHeight) : out.resized;
  const auto& src = out.cropped;
  out.height = src.height;
  out.width = src.width;
  const std::size_t plane = static_cast<std::size_t>(src.width) * src.height;
  out.pixelValues.resize(plane * kChannels);
  for (std::size_t i = 0; i < plane; ++i) {
    for (int ch = 0; ch < kChannels; ++ch) {
      const uint8_t level = src.pixels[i * kChannels + ch];
      float v = config.doRescale ? static_cast<float>(level * config.rescaleFactor) : static_cast<float>(level);
      if (config.doNormalize) v = (v - config.imageMean[ch]) / config.imageStd[ch];
      out.pixelValues[ch * plane + i] = v;
    }
  }
  return out;
}

}  // namespace sd
