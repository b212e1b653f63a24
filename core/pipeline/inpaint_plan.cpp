#include "core/pipeline/inpaint_plan.h"

#include "core/image/pil_resize.h"

namespace sd {

InpaintPlan InpaintPlan::make(const GenerationRequest& request) {
  InpaintPlan plan;
  plan.original = *request.initImage;
  plan.blurredMask = blurMask(toGray(*request.mask), request.maskBlur);
  plan.renderImage = plan.original;
  plan.renderMask = plan.blurredMask;
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
  if (!region) return rendered;
  // A1111 resizes the render back with LANCZOS (images.resize_image) before the overlay.
  const auto patch = pilResize(rendered, region->width(), region->height(), PilFilter::Lanczos);
  return pasteWithMask(original, patch, *region, blurredMask);
}

}  // namespace sd
