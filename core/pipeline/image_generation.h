#pragma once
// One request's run through the pipeline (internal to core): the prompt
// encoding, latents preparation, loop and decode of diffusers'
// StableDiffusionPipeline / StableDiffusionImg2ImgPipeline.__call__.
#include <optional>
#include <string>
#include <vector>

#include "core/nn/aten.h"
#include "core/pipeline/denoise_loop.h"
#include "core/pipeline/generation_request.h"
#include "core/pipeline/generation_result.h"
#include "core/pipeline/inpaint_plan.h"
#include "core/pipeline/sd_components.h"

namespace sd {

// One UNet batch: image b renders prompts[b]. With a single generator the
// noise is one draw for the whole batch (diffusers with one generator); with
// one per image, row b comes from generator b (diffusers with a list).
// The sampling settings come from the request as a slice (no field copied
// by hand); strength applies when initImage is set.
struct BatchSpec : SamplingSettings {
  std::vector<std::string> prompts;
  at::Tensor initImage;  // [1, 3, H, W] in [-1, 1] for img2img, else undefined
  // img2img: VAE latents of the init image already sampled and scaled
  // ([1, 4, h, w]); when set, no sample is drawn from the noise source.
  at::Tensor initLatents;
  // Inpainting: the mask at width×height, [1, 1, H, W] in {0, 1} (1 =
  // repaint), with initImage; undefined otherwise (core/pipeline/inpaint_latents.h).
  at::Tensor mask;
  // 9-channel inpainting: the masked image's latents shared from the first
  // image of a request ([1, 4, h, w]); when set, nothing is drawn for them.
  at::Tensor maskedImageLatents;
  // After every step, the scheduler's x₀ estimate (latents' space), for a
  // score trajectory. A handle only: the callee reads it back on the steps
  // it records, so the loop stays free of host synchronisation.
  std::function<void(int step, int steps, const at::Tensor& predOriginal)> onEstimate;
};

struct BatchOutcome {
  at::Tensor initialLatents;  // txt2img: the noise × init_noise_sigma; img2img: the noised init latents
  at::Tensor finalLatents;    // before the division by the VAE scaling factor
  at::Tensor decoded;         // VAE output [B, 3, H, W]
  // Inpainting: what the next images of the request share ([1, 4, h, w];
  // undefined where the run needed none).
  at::Tensor imageLatents, maskedImageLatents;
  bool cancelled = false;
};

BatchOutcome runBatch(SdComponents& model, const BatchSpec& spec, const NoiseSource& noise,
                      const StepObserver& observer = {});

// The UNet as the denoising loop calls it: replayed from a CUDA graph per
// input shape where that works (core/nn/cuda_graph_cache.h), else eager.
NoisePredictor unetPredictor(SdComponents& model);

// The VAE decode with the fp16 → fp32 fallback when half precision overflows.
at::Tensor decodeLatents(SdComponents& model, const at::Tensor& latents);

// Patches the model with the <lora:…> tags of `prompt` (files in `loraDir`,
// or lora/ of the model folders when empty), or restores its base weights
// when it has none; a no-op when the set is the one applied already.
void applyPromptLoras(SdComponents& model, const std::string& prompt, const std::string& loraDir);

// Runs a whole GenerationRequest image by image (p0s0, p0s1, …) with one
// generator per image, reporting progress and each finished image.
class ImageGeneration {
 public:
  ImageGeneration(SdComponents& model, const GenerationRequest& request, const GenerationCallbacks& callbacks);
  void execute();

 private:
  GeneratedImage renderOne(int promptIndex, int imageIndex);
  bool onStep(int step, int steps, const at::Tensor& latents);
  RgbImage decodeEstimate(const at::Tensor& x0);  // as request.trajectoryDecoder says
  void onInterruptionPoint(double fraction);
  StepProgress progressAt(int step, int steps) const;

  SdComponents& m_model;
  const GenerationRequest& m_request;
  const GenerationCallbacks& m_callbacks;
  at::Tensor sharedInitLatents();

  at::Tensor m_initImage;
  std::optional<InpaintPlan> m_inpaint;  // with request.mask
  at::Tensor m_mask;                     // its render mask at width×height, [1, 1, H, W] in {0, 1}
  at::Tensor m_inpaintImageLatents, m_inpaintMaskedLatents;  // the first image's, shared by the rest
  at::Tensor m_sharedInitLatents;
  int m_imageNumber = 0;
  int m_imageCount = 0;
  double m_secondsPerStep = 0;
  double m_lastStepTime = 0;
  double m_lastPreviewTime = -1e9;
  double m_startTime = 0;
  int m_stepsDone = 0;
  int m_stepsDoneOfImage = 0;  // steps finished of the image under way
  int m_stepsOfImage = 0;      // its step count (img2img runs fewer than requested)
};

}  // namespace sd
