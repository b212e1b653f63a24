#pragma once
// The denoising loop, written once for every scheduler, txt2img, img2img and
// inpainting. Its numbered steps mirror diffusers' StableDiffusionPipeline
// .__call__ (7.5: StableDiffusionInpaintPipeline's blend, through a hook).
//
// It never waits for the device: the timesteps go to the device once before
// the first step, schedulers keep their bookkeeping on the host, noise is
// copied asynchronously, and nothing reads device memory until the observer
// asks for it. tests/pipeline/test_denoise_loop runs it on the meta device,
// where any read of device data throws.
#include <functional>

#include "core/nn/aten.h"
#include "core/schedulers/scheduler.h"

namespace sd {

// The model side of the loop: the UNet, or anything that predicts what the
// scheduler expects (noise, v or x0) for latents [B, C, h, w] at a timestep
// (a 0-d tensor on the latents' device) under text states [B, T, C].
using NoisePredictor =
    std::function<at::Tensor(const at::Tensor& latents, const at::Tensor& timestep, const at::Tensor& context)>;

struct DenoiseInputs {
  at::Tensor latents;         // [B, 4, h, w], already scaled/noised for the first timestep
  at::Tensor promptEmbeds;    // [B, 77, C]
  at::Tensor negativeEmbeds;  // [B, 77, C]; undefined disables classifier-free guidance
  double guidanceScale = 7.5;
  at::Tensor timesteps;       // the timesteps to run (img2img: the sliced tail), on the CPU
  // Inpainting's two hooks (core/pipeline/inpaint_latents.h); empty for
  // txt2img and img2img. extendInput widens the scaled UNet input (a
  // 9-channel UNet: + mask + masked-image latents); afterStep rewrites the
  // latents after step i (0-based; a 4-channel UNet: the known latents
  // re-noised outside the mask).
  std::function<at::Tensor(const at::Tensor& modelInput)> extendInput;
  std::function<at::Tensor(int i, const at::Tensor& latents)> afterStep;
};

// Called after every step with the step number (1-based), the total and the
// latents; returning false stops the loop (the caller throws Cancelled).
using StepObserver = std::function<bool(int step, int steps, const at::Tensor& latents)>;

// Returns the final latents, or an undefined tensor when the observer stopped it.
at::Tensor denoise(const NoisePredictor& predict, Scheduler& scheduler, const DenoiseInputs& inputs,
                   const NoiseSource& noise, const StepObserver& observer);

}  // namespace sd
