#include "core/pipeline/generation_request.h"

#include <sstream>

#include "core/text/prompt_syntax.h"
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

// Bounded before a token is made: each chunk of 75 tokens costs its own
// text-encoder pass and memory (BREAK × 10,000 in 70 KB took 2.3 GB), and
// CLIP reads 75 tokens a chunk, so 32 KB and 64 BREAKs are far past any
// prompt a person writes (A1111 sets no limit; a few KB is a long prompt).
constexpr std::size_t kMaxPromptBytes = 32 * 1024;
constexpr std::size_t kMaxPromptBreaks = 64;

void requirePromptText(const std::string& text, const std::string& what) {
  requireUtf8(text, what);
  require(text.size() <= kMaxPromptBytes, what + " is " + std::to_string(text.size()) + " bytes, over the limit of " +
                                              std::to_string(kMaxPromptBytes));
  std::size_t breaks = 0;
  for (const auto& f : parsePromptWeights(text)) breaks += f.isBreak ? 1 : 0;
  require(breaks <= kMaxPromptBreaks, what + " has " + std::to_string(breaks) + " BREAKs, over the limit of " +
                                          std::to_string(kMaxPromptBreaks));
}

// "steps must be between 1 and 1000 (got 0)", from the limits table.
template <typename T>
void requireIn(const SettingRange<T>& range, T value, const std::string& what) {
  std::ostringstream got;
  got << value;
  require(range.contains(value), what + " must be " + describeRange(range) + " (got " + got.str() + ")");
}

// The mask must fit the init image: the window and the CLI both load them
// from separate files, and a mismatch would otherwise be resized silently.
void validateInpainting(const GenerationRequest& r) {
  requireIn(settings::kMaskBlur, r.maskBlur, "the mask blur");
  requireIn(settings::kOnlyMaskedPadding, r.onlyMaskedPadding, "the only-masked padding");
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
  return {r.width ? r.width : hasInit ? init.width : settings::kImageSide.fallback,
          r.height ? r.height : hasInit ? init.height : settings::kImageSide.fallback};
}

void resolveImageSize(GenerationRequest& r) {
  const auto size = renderSize(r);
  r.width = size.width;
  r.height = size.height;
}

void validateRequest(const GenerationRequest& r) {
  require(!r.prompts.empty(), "no prompt was given");
  require(r.prompts.size() <= settings::kMaxPrompts,
          "at most " + std::to_string(settings::kMaxPrompts) + " prompts per request");
  for (std::size_t i = 0; i < r.prompts.size(); ++i) requirePromptText(r.prompts[i], "prompt " + std::to_string(i + 1));
  requirePromptText(r.negativePrompt, "the negative prompt");
  const auto [width, height] = renderSize(r);
  const std::string size = std::to_string(width) + "×" + std::to_string(height);
  const std::string origin =
      r.initImage && (r.width == 0 || r.height == 0) ? ", from the init image's size; give the size explicitly" : "";
  const auto step = settings::kImageSideStep;
  require(width % step == 0 && height % step == 0,
          "width and height must be multiples of " + std::to_string(step) + " (got " + size + ")");
  const auto side = settings::kImageSide;
  require(side.contains(width) && side.contains(height),
          "width and height must be " + describeRange(side) + " (got " + size + origin + ")");
  requireIn(settings::kSteps, r.steps, "steps");
  requireIn(settings::kGuidanceScale, r.guidanceScale, "the guidance scale");
  requireIn(settings::kBatch, r.batch, "batch");
  requireIn(settings::kClipSkip, r.clipSkip, "clip skip");
  requireIn(settings::kEta, r.eta, "eta");
  requireIn(settings::kVariationStrength, r.variationStrength, "the variation strength");
  require(r.previewDecodeEvery >= 0, "the preview decode interval cannot be negative");
  require(r.trajectoryEvery >= 0, "the trajectory interval cannot be negative");
  if (r.initImage) {
    require(r.strength > settings::kStrength.min && r.strength <= settings::kStrength.max,
            "img2img strength must be in (0, 1] (got " + std::to_string(r.strength) + ")");
    require(!r.initImage->empty(), "the init image is empty");
    require(static_cast<int>(r.steps * r.strength) >= 1,
            "strength " + std::to_string(r.strength) + " with " + std::to_string(r.steps) +
                " steps leaves no step to run; raise the strength or the steps");
  }
  validateInpainting(r);
}

}  // namespace sd
