#pragma once
// Instant stand-ins for the pipeline and CLIP, for tests of the window's
// wiring that should not depend on model speed. The real tiny models are
// driven in test_studio_pipeline.
#include <QThread>
#include <atomic>
#include <cmath>

#include "app/studio/engines.h"
#include "core/text/clip_tokenizer.h"
#include "core/util/error.h"

namespace sd::test {

struct FakeOptions {
  int stepMillis = 5;
  std::atomic<int>* stepsRun = nullptr;  // counts onStep calls
};

class FakeGenerator : public studio::ImageGenerator {
 public:
  FakeGenerator(FakeOptions options, const std::filesystem::path& path) : m_options(options) {
    m_info.name = "fake";
    m_info.path = path;  // hashed for the images' "Model hash" as a real model's is
    m_info.format = "diffusers folder";
    m_info.device = "cpu (float32)";
    m_info.sampleSize = 8;
    m_info.isDemo = true;  // stands in for the bundled demo model
    m_info.tokenizer = std::make_shared<const ClipTokenizer>(ClipTokenizer::fromFolder(SD_TEST_DATA_DIR "/tokenizer"));
  }
  const ModelInfo& info() const override { return m_info; }
  void generate(const GenerationRequest& r, const GenerationCallbacks& callbacks) override {
    // As the real pipeline refuses a LoRA tag whose file is not there, before any step.
    for (const auto& prompt : r.prompts)
      if (prompt.find("<lora:missing") != std::string::npos)
        throw Error("LoRA 'missing' was not found in the LoRA folder");
    const int count = int(r.prompts.size()) * r.batch;
    int number = 0;
    for (int p = 0; p < int(r.prompts.size()); ++p) {
      for (int i = 0; i < r.batch; ++i) {
        ++number;
        for (int s = 1; s <= r.steps; ++s) {
          QThread::msleep(m_options.stepMillis);
          if (m_options.stepsRun) ++*m_options.stepsRun;
          StepProgress progress{number, count, s, r.steps, 100.0, 0.0, RgbImage::blank(r.width / 8, r.height / 8), false};
          if (callbacks.onStep && !callbacks.onStep(progress)) throw Cancelled();
        }
        GeneratedImage image;
        image.promptIndex = p;
        image.imageIndex = i;
        image.seed = seedOfImage(r, i);
        if (r.variationStrength > 0) image.variationSeed = variationSeedOfImage(r, i);
        image.image = RgbImage::blank(r.width, r.height);
        for (auto& v : image.image.pixels) v = uint8_t((image.seed * 37 + p * 91 + image.variationSeed * 13) % 256);
        callbacks.onImage(std::move(image));
      }
    }
  }

 private:
  FakeOptions m_options;
  ModelInfo m_info;
};

// Embeds a prompt as a one-hot by its hash and an image by its first pixel,
// so scores are deterministic.
class FakeScorer : public studio::ImageScorer {
 public:
  std::vector<std::vector<float>> embedImages(const std::vector<RgbImage>& images) override {
    std::vector<std::vector<float>> out;
    for (const auto& image : images) out.push_back(axis(image.pixels.empty() ? 0 : image.pixels[0]));
    return out;
  }
  std::vector<std::vector<float>> embedTexts(const std::vector<std::string>& texts) override {
    std::vector<std::vector<float>> out;
    for (const auto& t : texts) out.push_back(axis(std::hash<std::string>()(t)));
    return out;
  }
  float logitScale() const override { return 100.f; }

 private:
  static std::vector<float> axis(std::size_t k) {
    std::vector<float> v(8, 0.1f);
    v[k % 8] = 1.f;
    double n = 0;
    for (float x : v) n += x * x;
    for (float& x : v) x = float(x / std::sqrt(n));
    return v;
  }
};

// Fails as the real engines do: a folder named "broken" has no
// model_index.json, a file that is not .safetensors is no model, and this
// machine has no CUDA.
inline studio::EngineFactory fakeEngines(FakeOptions options = {}) {
  studio::EngineFactory f;
  f.loadGenerator = [options](const std::filesystem::path& path, DevicePreference device, const studio::StatusFn& status) {
    if (path.filename() == "broken") throw Error("model_index.json is missing in " + path.string());
    if (std::filesystem::is_regular_file(path) && path.extension() != ".safetensors")
      throw Error(path.string() + " is not a safetensors file");
    if (device == DevicePreference::Cuda) throw Error("device 'cuda' was requested, but this machine has no CUDA device");
    if (status) status("loading fake");
    return std::unique_ptr<studio::ImageGenerator>(new FakeGenerator(options, path));
  };
  f.loadScorer = [](const std::filesystem::path&, DevicePreference) {
    return std::unique_ptr<studio::ImageScorer>(new FakeScorer);
  };
  f.cudaAvailable = [] { return false; };
  f.probeGpu = [] {
    GpuProbe none;
    none.verdict = GpuProbe::Verdict::NoDriver;
    return none;
  };
  return f;
}

}  // namespace sd::test
