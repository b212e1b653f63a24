#pragma once
// What the user asked for: a value type that crosses from the window (or the
// CLI) to the inference thread. Every prompt is rendered at the same seeds
// (seed … seed+batch-1), so prompts compare like for like.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image/rgb_image.h"
#include "core/nn/device_preference.h"
#include "core/pipeline/sampling_settings.h"

namespace sd {

// How a score trajectory turns the x₀ estimate into pixels: the linear
// latent → RGB approximation (h/8 × w/8, nearly free) or the VAE (exact,
// a decode per point).
enum class EstimateDecoder { Approximation, Vae };
const char* estimateDecoderName(EstimateDecoder decoder);  // "approximation", "vae"

// The sampling settings (sampling_settings.h: negative prompt, size, steps,
// guidance, scheduler, eta, clip skip, img2img strength) and the rest.
struct GenerationRequest : SamplingSettings {
  std::vector<std::string> prompts;  // at least one; image i of prompt k uses seed + i
  uint64_t seed = 0;
  // A1111's variation seed (its "subseed"): with a strength > 0 the initial
  // noise is slerp(strength, noise(seed), noise(variationSeed)) per image
  // (core/schedulers/variation_noise.h). Strength 0: plain noise, bit for
  // bit; 1: the variation seed's noise alone. As in A1111, every image of a
  // batch then keeps `seed` and image i takes variationSeed + i.
  uint64_t variationSeed = 0;
  double variationStrength = 0.0;
  int batch = settings::kBatch.fallback;  // images per prompt
  std::optional<RgbImage> initImage;      // img2img when set (resized to renderSize())
  // Inpainting (needs initImage; same size): white = repaint, black = keep,
  // as A1111 and diffusers. A 4-channel UNet blends the known latents back
  // outside the mask after every step; a 9-channel (inpainting) UNet sees
  // the mask and the masked image (core/pipeline/inpaint_latents.h).
  std::optional<RgbImage> mask;
  int maskBlur = settings::kMaskBlur.fallback;  // A1111's Gaussian blur of the mask, pixels (0: none)
  // A1111's "Inpaint area: Only masked": render the mask's box plus this
  // padding, widened to width:height, at width×height, then scale it back
  // and paste it over the init image through the blurred mask.
  bool inpaintOnlyMasked = false;
  int onlyMaskedPadding = settings::kOnlyMaskedPadding.fallback;
  // A1111's overlay for "Whole picture": the init image pasted back outside
  // the blurred mask (doubled, as A1111 does), so what was not painted stays
  // as it was. Off: diffusers' raw output, which repaints everything a little.
  bool inpaintOverlay = true;
  int previewDecodeEvery = 0;         // also VAE-decode the preview every N steps (0: linear preview only)
  bool keepLatents = false;           // hand back the final latents (--save-latents)
  // Score trajectory: every N steps (and the last) the scheduler's x₀
  // estimate is decoded into GeneratedImage::estimates for CLIP to score.
  int trajectoryEvery = 0;               // 0: none
  EstimateDecoder trajectoryDecoder = EstimateDecoder::Approximation;
  // Where <lora:name:weight> tags of the prompts find name.safetensors;
  // empty: lora/ in each model search folder (core/lora/lora_library.h).
  std::string loraDir;
};

struct ImageSize {
  int width = 0;
  int height = 0;
};

// The size a request renders at: width and height as given; one left at 0
// is the init image's, rounded DOWN to a multiple of 8 as diffusers' img2img
// does (VaeImageProcessor.get_default_height_width), or the default side
// without an init image. So a 96×64 init image renders at 96×64, not
// squashed into 512×512.
ImageSize renderSize(const GenerationRequest& request);
// That rule for an init image of width×height alone.
ImageSize sizeForInitImage(int width, int height);
// Writes renderSize() into width and height.
void resolveImageSize(GenerationRequest& request);

// Throws sd::Error naming the first absurd setting (size not a multiple of 8
// or outside 64…4096, steps outside 1…1000, guidance outside 0…100, …).
void validateRequest(const GenerationRequest& request);

// The seed of image `imageIndex` (0-based within a prompt): seed + i, or
// seed for all with variation seeds (A1111's process_images).
inline uint64_t seedOfImage(const GenerationRequest& r, int imageIndex) {
  return r.seed + (r.variationStrength > 0 ? 0 : imageIndex);
}
// Its variation seed (meaningful when variationStrength > 0).
inline uint64_t variationSeedOfImage(const GenerationRequest& r, int imageIndex) {
  return r.variationSeed + imageIndex;
}

}  // namespace sd
