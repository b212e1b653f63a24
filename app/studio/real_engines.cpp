// The worker's engines backed by core: sd::StableDiffusion and sd::ClipScorer.
#include "app/studio/engines.h"
#include "core/clip/clip_scorer.h"
#include "core/nn/device_preference.h"

namespace sd::studio {

namespace {
class SdGenerator : public ImageGenerator {
 public:
  explicit SdGenerator(std::unique_ptr<StableDiffusion> sd) : m_sd(std::move(sd)) {}
  const ModelInfo& info() const override { return m_sd->info(); }
  void generate(const GenerationRequest& request, const GenerationCallbacks& callbacks) override {
    m_sd->generate(request, callbacks);
  }

 private:
  std::unique_ptr<StableDiffusion> m_sd;
};

class ClipImageScorer : public ImageScorer {
 public:
  explicit ClipImageScorer(std::unique_ptr<ClipScorer> clip) : m_clip(std::move(clip)) {}
  std::vector<std::vector<float>> embedImages(const std::vector<RgbImage>& images) override {
    return m_clip->embedImages(images);
  }
  std::vector<std::vector<float>> embedTexts(const std::vector<std::string>& texts) override {
    return m_clip->embedTexts(texts);
  }
  float logitScale() const override { return m_clip->logitScale(); }
  PromptTruncation truncation(const std::string& prompt) const override { return m_clip->truncation(prompt); }

 private:
  std::unique_ptr<ClipScorer> m_clip;
};
}  // namespace

EngineFactory realEngines() {
  EngineFactory f;
  f.loadGenerator = [](const std::filesystem::path& path, DevicePreference device, const StatusFn& onStatus) {
    return std::unique_ptr<ImageGenerator>(new SdGenerator(StableDiffusion::load(path, device, onStatus)));
  };
  f.loadScorer = [](const std::filesystem::path& path, DevicePreference device) {
    return std::unique_ptr<ImageScorer>(new ClipImageScorer(ClipScorer::load(path, device)));
  };
  f.cudaAvailable = [] { return sd::cudaAvailable(); };
  f.probeGpu = [] { return sd::machineGpu(); };
  return f;
}

}  // namespace sd::studio
