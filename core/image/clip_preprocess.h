#pragma once
// CLIPImageProcessor (transformers 4.39, image_processing_clip.py) on an
// RgbImage: shortest edge → 224 with PIL's bicubic, center crop 224×224,
// ×1/255, normalise with CLIP's mean/std, HWC → CHW. Pure C++ (no torch), so
// the studio can show "what CLIP saw" and tests can check every stage.
#include <array>
#include <filesystem>
#include <utility>
#include <vector>

#include "core/image/rgb_image.h"

namespace sd {

// preprocessor_config.json. Defaults are openai/clip-vit-base-patch32's.
struct ClipImageProcessorConfig {
  bool doResize = true;
  // "size": an int or {"shortest_edge": n} resizes the shortest side to n
  // (aspect kept); {"height": h, "width": w} resizes to exactly h×w.
  int shortestEdge = 224;  // 0 when resizing to resizeHeight×resizeWidth
  int resizeHeight = 0, resizeWidth = 0;
  bool doCenterCrop = true;
  int cropHeight = 224, cropWidth = 224;
  bool doRescale = true;
  double rescaleFactor = 1.0 / 255.0;
  bool doNormalize = true;
  // float32, as numpy casts them to the image's dtype before normalising.
  std::array<float, 3> imageMean{0.48145466f, 0.4578275f, 0.40821073f};
  std::array<float, 3> imageStd{0.26862954f, 0.26130258f, 0.27577711f};
};

// Reads both the legacy (ints) and the current (dicts) forms. Only PIL's
// BICUBIC ("resample": 3) is supported; anything else is an sd::Error naming
// the file.
ClipImageProcessorConfig readClipImageProcessorConfig(const std::filesystem::path& preprocessorConfigJson);

// The stages of one image, for tests and previews.
struct ClipPreprocessed {
  RgbImage resized;                // after the resize (HWC uint8)
  RgbImage cropped;                // after the center crop (HWC uint8)
  int height = 0, width = 0;       // of pixelValues
  std::vector<float> pixelValues;  // [3, height, width], ready for the vision tower
};

// transformers' get_resize_output_image_size(default_to_square=False):
// short side → shortestEdge, long side int(shortestEdge·long/short).
// Returns {width, height}.
std::pair<int, int> shortestEdgeResizeSize(int width, int height, int shortestEdge);

// transformers' center_crop: top = (h − ch) // 2, left = (w − cw) // 2; a
// side shorter than the crop is zero-padded around the image first.
RgbImage centerCrop(const RgbImage& image, int cropWidth, int cropHeight);

ClipPreprocessed preprocessForClip(const RgbImage& image, const ClipImageProcessorConfig& config);

}  // namespace sd
