#include "core/pipeline/denoise_loop.h"

#include <ATen/ops/cat.h>

#include "core/nn/cuda_sync_check.h"
#include "core/nn/device_copy.h"

namespace sd {

at::Tensor denoise(const NoisePredictor& predict, Scheduler& scheduler, const DenoiseInputs& inputs,
                   const NoiseSource& noise, const StepObserver& observer) {
  const bool guided = inputs.negativeEmbeds.defined();
  // Classifier-free guidance runs [negative, positive] as one UNet batch.
  const auto embeddings = guided ? at::cat({inputs.negativeEmbeds, inputs.promptEmbeds}, 0) : inputs.promptEmbeds;
  auto latents = inputs.latents;
  const auto steps = static_cast<int>(inputs.timesteps.size(0));
  // The schedulers index their tables with the host copy; the model reads
  // the device copy, made once.
  const auto deviceTimesteps = toDeviceAsync(inputs.timesteps, latents.device());
  for (int i = 0; i < steps; ++i) {
    {
      const CudaSyncCheck noSyncInsideAStep;
      const auto t = inputs.timesteps[i];
      // 7.1 expand the latents for guidance and scale them for the scheduler
      auto modelInput = guided ? at::cat({latents, latents}, 0) : latents;
      modelInput = scheduler.scaleModelInput(modelInput, t);
      if (inputs.extendInput) modelInput = inputs.extendInput(modelInput);
      // 7.2 predict the noise residual
      auto noisePred = predict(modelInput, deviceTimesteps[i], embeddings);
      // 7.3 guidance: u + g·(c − u)
      if (guided) {
        const auto halves = noisePred.chunk(2, 0);
        noisePred = halves[0] + inputs.guidanceScale * (halves[1] - halves[0]);
      }
      // 7.4 x_t → x_{t-1}
      latents = scheduler.step(noisePred, t, latents, noise);
      // 7.5 inpainting: keep what lies outside the mask
      if (inputs.afterStep) latents = inputs.afterStep(i, latents);
    }
    if (observer && !observer(i + 1, steps, latents)) return {};
  }
  return latents;
}

}  // namespace sd
