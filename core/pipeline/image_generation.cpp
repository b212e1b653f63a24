#include "core/pipeline/image_generation.h"

#include <chrono>

#include <ATen/ops/isfinite.h>

#include "core/pipeline/image_tensor.h"
#include "core/pipeline/init_latents.h"
#include "core/pipeline/inpaint_latents.h"
#include "core/pipeline/prompt_encoding.h"
#include "core/pipeline/vae_within_memory.h"
#include "core/schedulers/scheduler_names.h"
#include "core/util/error.h"
#include "core/util/interruption.h"

namespace sd {

namespace {

double nowSeconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

std::string fnv1aHash(const at::Tensor& tensor) {
  const auto cpu = tensor.to(at::kCPU, at::kFloat).contiguous();
  const auto* bytes = static_cast<const unsigned char*>(cpu.data_ptr());
  uint64_t hash = 1469598103934665603ull;
  for (std::size_t i = 0; i < cpu.nbytes(); ++i) hash = (hash ^ bytes[i]) * 1099511628211ull;
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

}  // namespace

NoisePredictor unetPredictor(SdComponents& model) {
  return [&model](const at::Tensor& x, const at::Tensor& t, const at::Tensor& context) {
    const auto& unet = *model.unet;
    return model.unetGraphs->run({x, t, context}, [&unet](const std::vector<at::Tensor>& in) {
      return unet.forward(in[0], in[1], in[2]);
    });
  };
}

at::Tensor decodeLatents(SdComponents& model, const at::Tensor& latents) {
  const auto scaled = latents / model.vaeConfig.scalingFactor;
  auto decoded = decodeWithinMemory(*model.vae, scaled.to(model.vaeDtype));
  if (model.vaeDtype == at::kHalf && !at::isfinite(decoded).all().item<bool>()) {
    // fp16 overflows in the SD v1 VAE on some images: redo it in fp32 for good.
    model.vaeDtype = at::kFloat;
    model.vae->forEachParameter([](const Module::ParamRef& p) { p.tensor = p.tensor.to(at::kFloat); });
    decoded = decodeWithinMemory(*model.vae, scaled.to(at::kFloat));
  }
  return decoded;
}

BatchOutcome runBatch(SdComponents& model, const BatchSpec& spec, const NoiseSource& noise,
                      const StepObserver& observer) {
  const auto batch = static_cast<int64_t>(spec.prompts.size());
  // 3. encode the prompts; guidance ≤ 1 skips the negative pass entirely
  DenoiseInputs inputs;
  inputs.guidanceScale = spec.guidanceScale;
  auto embeds = encodeConditioning(model, spec.prompts, spec.guidanceScale > 1.0 ? &spec.negativePrompt : nullptr,
                                   spec.clipSkip);
  inputs.promptEmbeds = std::move(embeds.prompts);
  inputs.negativeEmbeds = std::move(embeds.negative);
  // 4. timesteps
  auto scheduler = makeScheduler(spec.scheduler, model.schedulerConfig, SchedulerOptions{spec.eta});
  scheduler->setTimesteps(spec.steps);
  inputs.timesteps = scheduler->timesteps();
  // 5. latents
  const auto factor = model.vaeConfig.downscaleFactor();
  const auto options = at::TensorOptions().device(model.compute.device).dtype(model.compute.dtype);
  BatchOutcome outcome;
  if (!spec.mask.defined() && model.unetConfig.inChannels != model.vaeConfig.latentChannels)
    throw Error("this model's UNet takes " + std::to_string(model.unetConfig.inChannels) +
                " input channels: it is an inpainting model; give it an init image and a mask");
  if (spec.mask.defined()) {
    prepareInpainting(model, spec, *scheduler, noise, inputs, outcome);
  } else if (spec.initImage.defined()) {
    inputs.latents = prepareImg2ImgLatents(model, spec, *scheduler, noise, inputs.timesteps, batch);
  } else {
    const std::vector<int64_t> shape{batch, model.unetConfig.inChannels, spec.height / factor, spec.width / factor};
    inputs.latents = noise.initialNoise(shape, options) * scheduler->initNoiseSigma();
  }
  outcome.initialLatents = inputs.latents;
  // 7. the loop
  StepObserver observe = observer;
  if (spec.onEstimate)
    observe = [&](int step, int steps, const at::Tensor& x) {
      spec.onEstimate(step, steps, scheduler->predOriginalSample());
      return !observer || observer(step, steps, x);
    };
  outcome.finalLatents = denoise(unetPredictor(model), *scheduler, inputs, noise, observe);
  if (!outcome.finalLatents.defined()) {
    outcome.cancelled = true;
    return outcome;
  }
  // 8. decode
  outcome.decoded = decodeLatents(model, outcome.finalLatents);
  return outcome;
}

ImageGeneration::ImageGeneration(SdComponents& model, const GenerationRequest& request,
                                 const GenerationCallbacks& callbacks)
    : m_model(model), m_request(request), m_callbacks(callbacks) {
  m_imageCount = static_cast<int>(request.prompts.size()) * request.batch;
  if (request.mask) {
    m_inpaint = InpaintPlan::make(request);
    m_initImage = imageToTensor(m_inpaint->renderImage, request.width, request.height);
    m_mask = maskToTensor(m_inpaint->renderMask, request.width, request.height);
  } else if (request.initImage) {
    m_initImage = imageToTensor(*request.initImage, request.width, request.height);
  }
}

void ImageGeneration::execute() {
  m_startTime = nowSeconds();
  InterruptionScope interruptions([this](double fraction) { onInterruptionPoint(fraction); });
  for (int p = 0; p < static_cast<int>(m_request.prompts.size()); ++p)
    for (int i = 0; i < m_request.batch; ++i) {
      ++m_imageNumber;
      auto image = renderOne(p, i);
      if (m_callbacks.onImage) m_callbacks.onImage(std::move(image));
    }
}

GeneratedImage ImageGeneration::renderOne(int promptIndex, int imageIndex) {
  const double start = nowSeconds();
  applyPromptLoras(m_model, m_request.prompts[promptIndex], m_request.loraDir);
  BatchSpec spec;
  static_cast<SamplingSettings&>(spec) = m_request;
  spec.prompts = {m_request.prompts[promptIndex]};
  spec.initImage = m_initImage;
  // diffusers, given one init image for several images and a list of
  // generators, samples the init image's VAE latent once, with the first
  // image's generator, and shares it (its prepare_latents encodes image[i:i+1]
  // for each i, which is empty past the first). The other images' generators
  // then start straight with their noise. The per-image reference runs
  // (goldens/per_image) hold exactly this.
  const bool later = promptIndex > 0 || imageIndex > 0;
  if (m_mask.defined()) {
    // The same sharing for inpainting, of what the first image drew.
    spec.mask = m_mask;
    if (later) spec.initLatents = m_inpaintImageLatents, spec.maskedImageLatents = m_inpaintMaskedLatents;
  } else if (m_initImage.defined() && later) {
    spec.initLatents = sharedInitLatents();
  }
  const auto seed = seedOfImage(m_request, imageIndex);
  std::vector<StepEstimate> estimates;
  if (m_request.trajectoryEvery > 0)
    spec.onEstimate = [&](int step, int steps, const at::Tensor& x0) {
      if (step % m_request.trajectoryEvery == 0 || step == steps) estimates.push_back({step, decodeEstimate(x0)});
    };
  m_lastStepTime = nowSeconds();
  m_stepsDoneOfImage = 0;
  m_stepsOfImage = m_request.steps;
  auto noise = NoiseSource::perImage({seed});
  const auto variationSeed = variationSeedOfImage(m_request, imageIndex);
  noise.setVariation({variationSeed}, m_request.variationStrength);
  const auto outcome = runBatch(m_model, spec, noise,
                                [this](int step, int steps, const at::Tensor& x) { return onStep(step, steps, x); });
  if (outcome.cancelled) throw Cancelled();
  if (m_mask.defined() && !later)
    m_inpaintImageLatents = outcome.imageLatents, m_inpaintMaskedLatents = outcome.maskedImageLatents;
  GeneratedImage result;
  result.promptIndex = promptIndex;
  result.imageIndex = imageIndex;
  result.seed = seed;
  if (m_request.variationStrength > 0) result.variationSeed = variationSeed;
  result.image = m_inpaint ? m_inpaint->finish(decodedToImage(outcome.decoded)) : decodedToImage(outcome.decoded);
  result.initialNoiseHash = fnv1aHash(outcome.initialLatents);
  if (m_request.keepLatents) {
    const auto latents = outcome.finalLatents.to(at::kCPU, at::kFloat).contiguous();
    result.latentShape = latents.sizes().vec();
    result.finalLatents.assign(latents.data_ptr<float>(), latents.data_ptr<float>() + latents.numel());
  }
  result.estimates = std::move(estimates);
  result.seconds = nowSeconds() - start;
  return result;
}

RgbImage ImageGeneration::decodeEstimate(const at::Tensor& x0) {
  const auto first = x0.narrow(0, 0, 1);
  if (m_request.trajectoryDecoder == EstimateDecoder::Vae) return decodedToImage(decodeLatents(m_model, first));
  return latentPreview(first);
}

at::Tensor ImageGeneration::sharedInitLatents() {
  if (!m_sharedInitLatents.defined()) {
    const auto image = m_initImage.to(m_model.compute.device, m_model.vaeDtype);
    const auto posterior = encodeWithinMemory(*m_model.vae, image);
    const auto draw = NoiseSource::fromSeed(m_request.seed).randn(posterior.mean.sizes(), posterior.mean.options());
    m_sharedInitLatents = posterior.sample(draw) * m_model.vaeConfig.scalingFactor;
  }
  return m_sharedInitLatents;
}

bool ImageGeneration::onStep(int step, int steps, const at::Tensor& latents) {
  const double now = nowSeconds();
  const double elapsed = now - m_lastStepTime;
  m_lastStepTime = now;
  ++m_stepsDone;
  // Smoothed seconds per step (the first step pays for warm-up).
  m_secondsPerStep = m_secondsPerStep == 0 ? elapsed : 0.8 * m_secondsPerStep + 0.2 * elapsed;
  m_stepsDoneOfImage = step;
  m_stepsOfImage = steps;
  if (!m_callbacks.onStep) return true;
  StepProgress progress = progressAt(step, steps);
  const double interval = latents.is_cuda() ? m_callbacks.previewIntervalSeconds : 0.0;
  const bool due = m_callbacks.previewIntervalSeconds >= 0 && (step == steps || now - m_lastPreviewTime >= interval);
  const int every = m_request.previewDecodeEvery;
  if (!due) {
    // no preview: the latents stay on the device
  } else if (every > 0 && (step % every == 0 || step == steps)) {
    progress.preview = decodedToImage(decodeLatents(m_model, latents.narrow(0, 0, 1)));
    progress.previewDecoded = true;
  } else {
    progress.preview = latentPreview(latents);
  }
  if (due) m_lastPreviewTime = now;
  return m_callbacks.onStep(progress);
}

StepProgress ImageGeneration::progressAt(int step, int steps) const {
  StepProgress progress;
  progress.imageNumber = m_imageNumber;
  progress.imageCount = m_imageCount;
  progress.step = step;
  progress.steps = steps;
  progress.iterationsPerSecond = m_secondsPerStep > 0 ? 1.0 / m_secondsPerStep : 0;
  const int remaining = (m_imageCount - m_imageNumber) * steps + (steps - step);
  progress.etaSeconds = remaining * m_secondsPerStep;
  return progress;
}

// Between the model's layers: a cancel lands within a layer's time (about a
// second at full size on a CPU), and a minute-long step shows its progress.
void ImageGeneration::onInterruptionPoint(double fraction) {
  if (m_callbacks.shouldStop && m_callbacks.shouldStop()) throw Cancelled();
  if (fraction < 0 || !m_callbacks.onWithinStep || m_stepsDoneOfImage >= m_stepsOfImage) return;
  StepProgress progress = progressAt(m_stepsDoneOfImage, m_stepsOfImage);
  progress.withinStep = fraction;
  m_callbacks.onWithinStep(progress);
}

}  // namespace sd
