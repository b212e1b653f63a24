#pragma once
// Inpainting's latents (internal to core), ported from diffusers 0.27.2
// StableDiffusionInpaintPipeline.__call__ steps 4–7 and its mask_processor.
//
// 4-channel UNet (SD v1.4): the run starts as img2img (pure noise at
// strength 1), and after every step the latents outside the mask are
// replaced by the init image's latents noised to the next timestep (the
// last step: un-noised). 9-channel UNet (SD 1.x inpainting checkpoints):
// the UNet input is cat(latents, mask, masked-image latents) and nothing is
// blended.
//
// Generator draws, in diffusers' order for one image: the init image's VAE
// sample (4-channel, or strength < 1), the noise, the masked image's VAE
// sample; then the scheduler's own. With spec.initLatents or
// spec.maskedImageLatents given (images after the first of a request, as
// diffusers with a list of generators) the VAE samples are not drawn.
#include "core/image/inpaint_mask.h"
#include "core/nn/aten.h"
#include "core/pipeline/denoise_loop.h"
#include "core/pipeline/image_generation.h"

namespace sd {

// The mask at render size → [1, 1, H, W] float32 on the CPU, binarised as
// diffusers does (value/255 < 0.5 → 0, else 1). A mask of another size is
// first resized with Pillow's LANCZOS, as diffusers' mask_processor does.
at::Tensor maskToTensor(const GrayImage& mask, int width, int height);

// Fills `inputs` (timesteps, starting latents, the hook the UNet kind needs)
// for spec.mask; records the latents to share in outcome.
void prepareInpainting(SdComponents& model, const BatchSpec& spec, Scheduler& scheduler, const NoiseSource& noise,
                       DenoiseInputs& inputs, BatchOutcome& outcome);

}  // namespace sd
