#include "core/pipeline/generation_request.h"

#include "core/schedulers/scheduler_names.h"
#include "core/util/error.h"
#include "core/util/utf8.h"

namespace sd {

namespace {
void require(bool ok, const std::string& message) {
  if (!ok) throw Error(message);
}

// Checked before any compute: invalid UTF-8 (from a shell, a file) would
// render a whole image and then fail writing its metadata.
void requireUtf8(const std::string& text, const std::string& what) {
  const auto at = firstInvalidUtf8(text);
  require(at == std::string::npos, what + " is not valid UTF-8 (byte " + std::to_string(at) + ")");
}

// The mask must fit the init image: the window and the CLI both load them
// from separate files, and a mismatch would otherwise be resized silently.
void validateInpainting(const GenerationRequest& r) {
  require(r.maskBlur >= 0 && r.maskBlur <= kMaxMaskBlur,
          "the mask blur must be between 0 and " + std::to_string(kMaxMaskBlur) + " pixels (got " +
              std::to_string(r.maskBlur) + ")");
  require(r.onlyMaskedPadding >= 0 && r.onlyMaskedPadding <= kMaxOnlyMaskedPadding,
          "the only-masked padding must be between 0 and " + std::to_string(kMaxOnlyMaskedPadding) +
              " pixels (got " + std::to_string(r.onlyMaskedPadding) + ")");
  // Without a mask the inpainting options rest (restored settings carry
  // them before the window has a mask); the CLI refuses them itself.
  if (!r.mask) return;
  require(r.initImage.has_value(), "an inpainting mask needs an init image (the picture to repaint)");
  require(!r.mask->empty() && r.mask->pixels.size() == static_cast<std::size_t>(r.mask->width) * r.mask->height * 3,
          "the inpainting mask is empty or damaged");
  const auto& init = *r.initImage;
  require(r.mask->width == init.width && r.mask->height == init.height,
          "the inpainting mask is " + std::to_string(r.mask->width) + "×" + std::to_string(r.mask->height) +
              " but the init image is " + std::to_string(init.width) + "×" + std::to_string(init.height) +
              "; they must be the same size");
}

}  // namespace

const char* estimateDecoderName(EstimateDecoder decoder) {
  return decoder == EstimateDecoder::Vae ? "vae" : "approximation";
}

ImageSize sizeForInitImage(int width, int height) { return {width - width % 8, height - height % 8}; }

ImageSize renderSize(const GenerationRequest& r) {
  const bool hasInit = r.initImage && !r.initImage->empty();
  const auto init = hasInit ? sizeForInitImage(r.initImage->width, r.initImage->height) : ImageSize{};
  return {r.width ? r.width : hasInit ? init.width : kDefaultImageSize,
          r.height ? r.height : hasInit ? init.height : kDefaultImageSize};
}

void resolveImageSize(GenerationRequest& r) {
  const auto size = renderSize(r);
  r.width = size.width;
  r.height = size.height;
}

void validateRequest(const GenerationRequest& r) {
  require(!r.prompts.empty(), "no prompt was given");
  require(r.prompts.size() <= 64, "at most 64 prompts per request");
  for (std::size_t i = 0; i < r.prompts.size(); ++i) requireUtf8(r.prompts[i], "prompt " + std::to_string(i + 1));
  requireUtf8(r.negativePrompt, "the negative prompt");
  const auto [width, height] = renderSize(r);
  const std::string size = std::to_string(width) + "×" + std::to_string(height);
  const std::string origin =
      r.initImage && (r.width == 0 || r.height == 0) ? ", from the init image's size; give the size explicitly" : "";
  require(width % 8 == 0 && height % 8 == 0, "width and height must be multiples of 8 (got " + size + ")");
  require(width >= 64 && height >= 64 && width <= 4096 && height <= 4096,
          "width and height must be between 64 and 4096 (got " + size + origin + ")");
  require(r.steps >= 1 && r.steps <= 1000, "steps must be between 1 and 1000 (got " + std::to_string(r.steps) + ")");
  require(r.guidanceScale >= 0 && r.guidanceScale <= 100, "guidance scale must be between 0 and 100");
  require(r.batch >= 1 && r.batch <= 1000, "batch must be between 1 and 1000 (got " + std::to_string(r.batch) + ")");
  require(r.clipSkip >= 1 && r.clipSkip <= 12, "clip skip must be between 1 and 12 (got " + std::to_string(r.clipSkip) + ")");
  require(r.eta >= 0 && r.eta <= 1, "eta must be between 0 and 1");
  require(r.variationStrength >= 0 && r.variationStrength <= 1, "the variation strength must be between 0 and 1");
  require(r.previewDecodeEvery >= 0, "the preview decode interval cannot be negative");
  require(r.trajectoryEvery >= 0, "the trajectory interval cannot be negative");
  require(findScheduler(r.scheduler).has_value(), "unknown scheduler '" + r.scheduler + "'");
  if (r.initImage) {
    require(r.strength > 0 && r.strength <= 1, "img2img strength must be in (0, 1]");
    require(!r.initImage->empty(), "the init image is empty");
    require(static_cast<int>(r.steps * r.strength) >= 1,
            "strength " + std::to_string(r.strength) + " with " + std::to_string(r.steps) +
                " steps leaves no step to run; raise the strength or the steps");
  }
  validateInpainting(r);
}

}  // namespace sd
