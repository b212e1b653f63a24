#include "core/pipeline/benchmark.h"

#include <algorithm>
#include <chrono>
#include <fstream>

#include <ATen/Parallel.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/tensor.h>

#include "core/nn/weight_loader.h"
#include "core/pipeline/image_generation.h"
#include "core/pipeline/sd_components.h"
#include "core/util/threads.h"

namespace sd {

namespace {

long peakResidentKb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

void synchronize(const SdComponents& c, const at::Tensor& t) {
  if (c.compute.device.is_cuda()) (void)t.sum().item<float>();  // waits for the stream
}

template <typename Fn>
BenchmarkRow timeIt(const std::string& what, int repeats, Fn&& run) {
  using clock = std::chrono::steady_clock;
  run();  // warm-up (allocator, kernels)
  std::vector<double> samples;
  for (int i = 0; i < std::max(1, repeats); ++i) {
    const auto start = clock::now();
    run();
    samples.push_back(std::chrono::duration<double>(clock::now() - start).count());
  }
  std::sort(samples.begin(), samples.end());
  return {what, samples[samples.size() / 2], samples.front()};
}

std::string latentSize(int w, int h, int f) { return std::to_string(w / f) + "×" + std::to_string(h / f); }

}  // namespace

BenchmarkReport runBenchmark(const BenchmarkOptions& options, const std::function<void(const std::string&)>& log) {
  c10::InferenceMode guard;
  BenchmarkReport report;
  report.threads = configureTorchThreads(options.threads);
  const auto compute = resolveComputeDevice(options.device);
  report.device = compute.describe();
  std::unique_ptr<SdComponents> model;
  if (options.fullSizeRandom) {
    if (log) log("building SD v1.4 (full size) with random weights");
    model = makeRandomComponents(compute, 1234);
    report.model = "SD v1.4 architecture, random weights";
  } else {
    model = loadComponents(locateModel(options.model), compute, log);
    report.model = options.model.string();
  }
  auto& m = *model;
  const int f = 1 << (static_cast<int>(m.vaeConfig.blockOutChannels.size()) - 1);
  const auto opts = at::TensorOptions().device(compute.device).dtype(compute.dtype);

  const auto ids = at::tensor(m.tokenizer->encodeForModel("a photograph of an astronaut riding a horse").inputIds,
                              at::kLong).view({1, -1}).repeat({2, 1}).to(compute.device);
  if (log) log("text encoder");
  report.rows.push_back(timeIt("text encoder (batch 2, 77 tokens)", options.repeats, [&] {
    synchronize(m, m.textEncoder->text_model.forward(ids).lastHiddenState);
  }));
  const auto context = m.textEncoder->text_model.forward(ids).lastHiddenState.to(compute.dtype);
  const auto latents = at::randn({2, m.unetConfig.inChannels, options.height / f, options.width / f}, opts);
  const auto t = at::tensor(int64_t{500}).to(compute.device);
  if (log) log("UNet");
  report.rows.push_back(timeIt("UNet forward (batch 2 = one CFG step, " + latentSize(options.width, options.height, f) +
                                   " latents)",
                               options.repeats, [&] { synchronize(m, m.unet->forward(latents, t, context)); }));
  if (log) log("VAE decode");
  report.rows.push_back(timeIt("VAE decode (1 image, " + std::to_string(options.width) + "×" +
                                   std::to_string(options.height) + ")",
                               options.repeats, [&] { synchronize(m, decodeLatents(m, latents.narrow(0, 0, 1))); }));
  if (log) log("whole generation");
  BatchSpec spec;
  spec.prompts = {"a photograph of an astronaut riding a horse"};
  spec.negativePrompt = "blurry";
  spec.steps = options.steps;
  spec.scheduler = "dpmpp_2m_karras";
  spec.width = options.width;
  spec.height = options.height;
  report.rows.push_back(timeIt("txt2img, " + std::to_string(options.steps) + " steps DPM++ 2M Karras, CFG 7.5",
                               std::max(1, options.repeats / 2),
                               [&] { synchronize(m, runBatch(m, spec, NoiseSource::fromSeed(1)).decoded); }));
  report.peakResidentKb = peakResidentKb();
  return report;
}

}  // namespace sd
