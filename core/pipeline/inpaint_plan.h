#pragma once
// What an inpainting request renders, in pixels (no torch): the blurred
// mask, and for A1111's "Inpaint area: Only masked" the crop that is
// rendered at full resolution and pasted back (modules/processing.py,
// StableDiffusionProcessingImg2Img.init and apply_overlay).
#include <optional>

#include "core/image/inpaint_mask.h"
#include "core/pipeline/generation_request.h"

namespace sd {

struct InpaintPlan {
  RgbImage original;                  // the init image as given
  GrayImage blurredMask;              // the mask after request.maskBlur, at the init image's size
  std::optional<CropRegion> region;   // "only masked": the part rendered
  RgbImage renderImage;               // the init image the pipeline resizes to width×height
  GrayImage renderMask;               // its mask (binarised later, at width×height)
  bool overlay = true;                // "whole picture": paste the original back (request.inpaintOverlay)

  // Blurs the mask and, for "only masked", crops around it (an all-black
  // mask falls back to the whole picture, as A1111 does). Needs
  // request.initImage and request.mask, validated.
  static InpaintPlan make(const GenerationRequest& request);
  // The picture to keep from a render. Whole picture: the original, resized
  // to the render, pasted back through the blurred mask doubled and clipped
  // (A1111's mask_for_overlay), or the render as it is without the overlay.
  // Only masked: the render scaled back to the crop and pasted over the
  // original through the blurred mask.
  RgbImage finish(const RgbImage& rendered) const;

 private:
  RgbImage overlayOriginal(const RgbImage& rendered) const;
};

}  // namespace sd
