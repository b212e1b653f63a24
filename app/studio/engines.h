#pragma once
// The seam between the inference worker and core: the worker drives these
// small interfaces, realEngines() backs them with sd::StableDiffusion and
// sd::ClipScorer, and tests can substitute instant fakes for widget tests.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/image/rgb_image.h"
#include "core/nn/device_preference.h"
#include "core/nn/gpu_probe.h"
#include "core/pipeline/generation_request.h"
#include "core/pipeline/generation_result.h"
#include "core/pipeline/stable_diffusion.h"
#include "core/text/prompt_truncation.h"

namespace sd::studio {

class ImageGenerator {
 public:
  virtual ~ImageGenerator() = default;
  virtual const ModelInfo& info() const = 0;
  virtual void generate(const GenerationRequest& request, const GenerationCallbacks& callbacks) = 0;
};

class ImageScorer {
 public:
  virtual ~ImageScorer() = default;
  virtual std::vector<std::vector<float>> embedImages(const std::vector<RgbImage>& images) = 0;
  virtual std::vector<std::vector<float>> embedTexts(const std::vector<std::string>& texts) = 0;
  virtual float logitScale() const = 0;
  // How many tokens of a prompt CLIP scoring reads (zeros when unknown).
  virtual PromptTruncation truncation(const std::string& prompt) const { return {}; }
};

using StatusFn = std::function<void(const std::string&)>;

struct EngineFactory {
  std::function<std::unique_ptr<ImageGenerator>(const std::filesystem::path&, DevicePreference, const StatusFn&)>
      loadGenerator;
  std::function<std::unique_ptr<ImageScorer>(const std::filesystem::path&, DevicePreference)> loadScorer;
  // Whether a CUDA device can be used: the window offers the GPU only then.
  std::function<bool()> cudaAvailable;
  // What the driver said (core/nn/gpu_probe.h): the model panel's device line.
  std::function<GpuProbe()> probeGpu;
};

// sd::StableDiffusion and sd::ClipScorer.
EngineFactory realEngines();

}  // namespace sd::studio
