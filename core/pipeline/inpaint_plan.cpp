#include "core/pipeline/inpaint_plan.h"

#include "core/image/pil_resize.h"

#include <algorithm>

namespace sd {

namespace {

// A1111's whole-picture mask_for_overlay: the blurred mask at the render's
// size (LANCZOS, as its resize_image), doubled and clipped, so the blur's
// inner half repaints fully and only its outer half fades into the original.
GrayImage overlayMask(const GrayImage& blurred, int width, int height) {
  GrayImage mask = blurred.width == width && blurred.height == height ? blurred : resizeGray(blurred, width, height);
  for (auto& v : mask.pixels) v = static_cast<uint8_t>(std::min(255, v * 2));
  return mask;
}

}  // namespace

RgbImage InpaintPlan::overlayOriginal(const RgbImage& rendered) const {
  const RgbImage base = original.width == rendered.width && original.height == rendered.height
                            ? original
                            : pilResize(original, rendered.width, rendered.height, PilFilter::Lanczos);
  return pasteWithMask(base, rendered, CropRegion{0, 0, rendered.width, rendered.height},
                       overlayMask(blurredMask, rendered.width, rendered.height));
}

InpaintPlan InpaintPlan::make(const GenerationRequest& request) {
  InpaintPlan plan;
  plan.original = *request.initImage;
  plan.blurredMask = blurMask(toGray(*request.mask), request.maskBlur);
  plan.renderImage = plan.original;
  plan.renderMask = plan.blurredMask;
  plan.overlay = request.inpaintOverlay;
  if (!request.inpaintOnlyMasked) return plan;
  const auto size = renderSize(request);
  const auto box = maskCropRegion(plan.blurredMask, request.onlyMaskedPadding);
  if (!box) return plan;
  plan.region = expandCropRegion(*box, size.width, size.height, plan.original.width, plan.original.height);
  plan.renderImage = cropImage(plan.original, *plan.region);
  plan.renderMask = cropGray(plan.blurredMask, *plan.region);
  return plan;
}

RgbImage InpaintPlan::finish(const RgbImage& rendered) const {
  if (!region) return overlay ? overlayOriginal(rendered) : rendered;
  // A1111 resizes the render back with LANCZOS (images.resize_image) before the overlay.
  const auto patch = pilResize(rendered, region->width(), region->height(), PilFilter::Lanczos);
  return pasteWithMask(original, patch, *region, blurredMask);
}

}  // namespace sd
