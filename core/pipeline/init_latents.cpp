#include "core/pipeline/init_latents.h"

#include "core/pipeline/vae_within_memory.h"
#include "core/util/error.h"

namespace sd {

at::Tensor timestepsForStrength(Scheduler& scheduler, int steps, double strength) {
  const int initTimestep = std::min(static_cast<int>(steps * strength), steps);
  const int tStart = std::max(steps - initTimestep, 0);
  const int64_t begin = static_cast<int64_t>(tStart) * scheduler.order();
  auto timesteps = scheduler.timesteps().narrow(0, begin, scheduler.timesteps().size(0) - begin);
  if (timesteps.size(0) == 0) throw Error("img2img strength leaves no step to run");
  scheduler.setBeginIndex(begin);
  return timesteps;
}

at::Tensor encodeImageLatents(SdComponents& model, const at::Tensor& image, const NoiseSource& noise) {
  const auto posterior = encodeWithinMemory(*model.vae, image.to(model.compute.device, model.vaeDtype));
  const auto sampleNoise = noise.randn(posterior.mean.sizes(), posterior.mean.options());
  return posterior.sample(sampleNoise) * model.vaeConfig.scalingFactor;
}

at::Tensor prepareImg2ImgLatents(SdComponents& model, const BatchSpec& spec, Scheduler& scheduler,
                                 const NoiseSource& noise, at::Tensor& timesteps, int64_t batch) {
  timesteps = timestepsForStrength(scheduler, spec.steps, spec.strength);
  at::Tensor initLatents;
  if (spec.initLatents.defined()) {
    initLatents = spec.initLatents.to(model.compute.device).expand({batch, -1, -1, -1});
  } else {
    const auto image = spec.initImage.to(model.compute.device, model.vaeDtype).expand({batch, -1, -1, -1});
    initLatents = encodeImageLatents(model, image, noise);
  }
  // A1111 varies the noise added to the init latents (its ImageRNG.first()).
  const auto added = noise.initialNoise(initLatents.sizes(), initLatents.options());
  return scheduler.addNoise(initLatents.to(model.compute.dtype), added.to(model.compute.dtype),
                            timesteps.narrow(0, 0, 1).expand({batch}));
}

}  // namespace sd
