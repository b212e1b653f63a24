#pragma once
// The denoising loop, written once for every scheduler, txt2img and img2img.
// Its numbered steps mirror diffusers' StableDiffusionPipeline.__call__.
#include <functional>

#include "core/models/unet_2d_condition.h"
#include "core/nn/aten.h"
#include "core/schedulers/scheduler.h"

namespace sd {

struct DenoiseInputs {
  at::Tensor latents;         // [B, 4, h, w], already scaled/noised for the first timestep
  at::Tensor promptEmbeds;    // [B, 77, C]
  at::Tensor negativeEmbeds;  // [B, 77, C]; undefined disables classifier-free guidance
  double guidanceScale = 7.5;
  at::Tensor timesteps;       // the timesteps to run (img2img: the sliced tail)
};

// Called after every step with the step number (1-based), the total and the
// latents; returning false stops the loop (the caller throws Cancelled).
using StepObserver = std::function<bool(int step, int steps, const at::Tensor& latents)>;

// Returns the final latents, or an undefined tensor when the observer stopped it.
at::Tensor denoise(const UNet2DConditionModel& unet, Scheduler& scheduler, const DenoiseInputs& inputs,
                   const NoiseSource& noise, const StepObserver& observer);

}  // namespace sd
