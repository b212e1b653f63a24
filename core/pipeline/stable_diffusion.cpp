#include "core/pipeline/stable_diffusion.h"

#include <chrono>

#include <ATen/ops/cat.h>
#include <ATen/ops/isfinite.h>
#include <ATen/ops/tensor.h>

#include "core/nn/weight_loader.h"
#include "core/pipeline/image_generation.h"
#include "core/pipeline/sd_components.h"
#include "core/util/error.h"

namespace sd {

class StableDiffusion::Impl {
 public:
  std::unique_ptr<SdComponents> components;
  ModelInfo info;
};

StableDiffusion::StableDiffusion(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
StableDiffusion::~StableDiffusion() = default;

std::unique_ptr<StableDiffusion> StableDiffusion::load(const std::filesystem::path& model, DevicePreference device,
                                                       const std::function<void(const std::string&)>& onStatus) {
  c10::InferenceMode guard;
  const auto location = locateModel(model);
  const auto compute = resolveComputeDevice(device);
  auto impl = std::make_unique<Impl>();
  impl->components = loadComponents(location, compute, onStatus);
  auto& info = impl->info;
  const auto& c = *impl->components;
  info.path = model.string();
  info.name = model.filename().string();
  if (info.name.empty()) info.name = model.parent_path().filename().string();
  info.format = location.formatName();
  info.device = compute.describe();
  info.textEncoderLayers = c.textConfig.numHiddenLayers;
  info.vaeScaleFactor = c.vaeConfig.downscaleFactor();
  info.sampleSize = c.unetConfig.sampleSize;
  info.isDemo = c.unet->parameterCount() < 10'000'000;
  info.tokenizer = c.tokenizer;
  return std::unique_ptr<StableDiffusion>(new StableDiffusion(std::move(impl)));
}

const ModelInfo& StableDiffusion::info() const { return m_impl->info; }

PromptChunks StableDiffusion::promptChunks(const std::string& prompt) const {
  return chunkPrompt(*m_impl->components->tokenizer, prompt);
}

void StableDiffusion::generate(const GenerationRequest& request, const GenerationCallbacks& callbacks) {
  if (request.width == 0 || request.height == 0) {
    auto resolved = request;
    resolveImageSize(resolved);
    return generate(resolved, callbacks);
  }
  validateRequest(request);
  c10::InferenceMode guard;
  ImageGeneration run(*m_impl->components, request, callbacks);
  run.execute();
}

}  // namespace sd
