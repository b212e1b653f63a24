#pragma once
// The start of an img2img or inpainting run (internal to core): the
// schedule cut by strength, and the init image's VAE latents, as diffusers'
// StableDiffusionImg2ImgPipeline / StableDiffusionInpaintPipeline prepare them.
#include "core/nn/aten.h"
#include "core/pipeline/image_generation.h"
#include "core/schedulers/scheduler.h"

namespace sd {

// get_timesteps: the tail of the schedule that `strength` leaves (the
// scheduler's begin index set to its start). Throws when nothing is left.
at::Tensor timestepsForStrength(Scheduler& scheduler, int steps, double strength);

// _encode_vae_image: a sample of the posterior of `image` ([1, 3, H, W] in
// [-1, 1]) drawn from `noise`, times the VAE's scaling factor; [1, 4, h, w].
at::Tensor encodeImageLatents(SdComponents& model, const at::Tensor& image, const NoiseSource& noise);

// img2img, 5.–6. of StableDiffusionImg2ImgPipeline: cut the schedule,
// encode the init image (or take spec.initLatents), add noise for the first
// timestep. Returns the latents to start from; `timesteps` gets the tail.
at::Tensor prepareImg2ImgLatents(SdComponents& model, const BatchSpec& spec, Scheduler& scheduler,
                                 const NoiseSource& noise, at::Tensor& timesteps, int64_t batch);

}  // namespace sd
