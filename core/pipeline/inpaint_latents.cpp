#include "core/pipeline/inpaint_latents.h"

#include <ATen/ops/cat.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/upsample_nearest2d.h>

#include "core/pipeline/init_latents.h"
#include "core/util/error.h"

namespace sd {

at::Tensor maskToTensor(const GrayImage& mask, int width, int height) {
  const auto sized = resizeGray(mask, width, height);
  std::vector<float> values(sized.pixels.size());
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = sized.pixels[i] / 255.0f < 0.5f ? 0.0f : 1.0f;
  return at::from_blob(values.data(), {1, 1, height, width}, at::kFloat).clone();
}

namespace {

int64_t unetKind(const SdComponents& model) {
  const auto channels = model.unetConfig.inChannels;
  const auto latent = model.vaeConfig.latentChannels;
  if (channels != latent && channels != 2 * latent + 1)
    throw Error("the UNet takes " + std::to_string(channels) + " input channels; inpainting needs " +
                std::to_string(latent) + " (a plain model) or " + std::to_string(2 * latent + 1) +
                " (an inpainting model)");
  return channels;
}

}  // namespace

void prepareInpainting(SdComponents& model, const BatchSpec& spec, Scheduler& scheduler, const NoiseSource& noise,
                       DenoiseInputs& inputs, BatchOutcome& outcome) {
  const auto batch = static_cast<int64_t>(spec.prompts.size());
  const bool concatenated = unetKind(model) != model.vaeConfig.latentChannels;
  const auto device = model.compute.device;
  const auto dtype = model.compute.dtype;
  // 4. the schedule, cut by strength as img2img
  inputs.timesteps = timestepsForStrength(scheduler, spec.steps, spec.strength);
  const bool strengthMax = spec.strength == 1.0;
  const bool shared = spec.initLatents.defined() || spec.maskedImageLatents.defined();
  // 5. latents: the image's (needed to blend, or to start below strength 1), then the noise
  at::Tensor imageLatents = spec.initLatents;
  if (!imageLatents.defined() && (!concatenated || !strengthMax))
    imageLatents = shared ? at::Tensor() : encodeImageLatents(model, spec.initImage, noise);
  if (!concatenated || !strengthMax) {
    if (!imageLatents.defined()) throw Error("inpainting: the init image's latents were not shared");
    imageLatents = imageLatents.to(device, dtype).expand({batch, -1, -1, -1});
  }
  const auto factor = model.vaeConfig.downscaleFactor();
  const std::vector<int64_t> shape{batch, model.vaeConfig.latentChannels, spec.height / factor, spec.width / factor};
  const auto latentNoise = noise.initialNoise(shape, at::TensorOptions().device(device).dtype(dtype));
  const auto firstTimestep = inputs.timesteps.narrow(0, 0, 1).expand({batch});
  inputs.latents = strengthMax ? latentNoise * scheduler.initNoiseSigma()
                               : scheduler.addNoise(imageLatents, latentNoise, firstTimestep);
  // prepare_mask_latents: the mask at latent size (nearest), the masked
  // image (init × (mask < 0.5)) encoded with the generator's next draw.
  const auto mask =
      at::upsample_nearest2d(spec.mask, {shape[2], shape[3]}).to(device, dtype).expand({batch, -1, -1, -1});
  at::Tensor maskedLatents = spec.maskedImageLatents;
  if (!shared) {
    const auto masked = spec.initImage * (spec.mask < 0.5);
    // A plain UNet never reads them: draw what diffusers draws, skip the encode.
    if (concatenated)
      maskedLatents = encodeImageLatents(model, masked, noise);
    else
      noise.randn({1, model.vaeConfig.latentChannels, shape[2], shape[3]}, at::TensorOptions());
  }
  outcome.imageLatents = spec.initLatents.defined() ? spec.initLatents
                         : imageLatents.defined()   ? imageLatents.narrow(0, 0, 1)
                                                    : at::Tensor();
  outcome.maskedImageLatents = maskedLatents;
  if (concatenated) {
    if (!maskedLatents.defined()) throw Error("inpainting: the masked image's latents were not shared");
    const auto condition = at::cat({mask, maskedLatents.to(device, dtype).expand({batch, -1, -1, -1})}, 1);
    // 7.1 the UNet input [2B or B, 9, h, w]; guidance doubles the condition as diffusers does
    inputs.extendInput = [condition](const at::Tensor& x) {
      return at::cat({x, condition.repeat({x.size(0) / condition.size(0), 1, 1, 1})}, 1);
    };
    return;
  }
  // 7.5 after step i: the known latents noised to the next timestep (none after the last)
  const auto timesteps = inputs.timesteps;
  inputs.afterStep = [&scheduler, imageLatents, latentNoise, mask, timesteps](int i, const at::Tensor& latents) {
    auto known = imageLatents;
    if (i + 1 < timesteps.size(0))
      known = scheduler.addNoise(imageLatents, latentNoise, timesteps.narrow(0, i + 1, 1));
    return (1 - mask) * known + mask * latents;
  };
}

}  // namespace sd
