#pragma once
// The settings one run of the denoising loop reads. A GenerationRequest is
// these plus what spans a whole request (prompts, seeds, batch, inpainting,
// outputs); a UNet batch (BatchSpec, image_generation.h) takes them as a
// slice of the request, so no field is copied by hand from one to the other.
#include <string>

#include "core/pipeline/setting_limits.h"

namespace sd {

struct SamplingSettings {
  std::string negativePrompt;
  // Multiples of 8. In a GenerationRequest 0 = not given: renderSize()
  // takes the init image's size, else settings::kImageSide.fallback.
  int width = settings::kImageSide.fallback;
  int height = settings::kImageSide.fallback;
  int steps = settings::kSteps.fallback;
  double guidanceScale = settings::kGuidanceScale.fallback;  // ≤ 1 disables classifier-free guidance
  SchedulerKind scheduler = settings::kScheduler;           // from a name: parseScheduler() (scheduler_names.h)
  double eta = settings::kEta.fallback;                      // DDIM's eta
  int clipSkip = settings::kClipSkip.fallback;               // A1111 semantics: 1 = last layer, 2 = skip one
  double strength = settings::kStrength.fallback;            // img2img: how much of the schedule runs
};

}  // namespace sd
