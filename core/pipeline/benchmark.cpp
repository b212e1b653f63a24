#include "core/pipeline/benchmark.h"

#include <algorithm>
#include <chrono>

#include <unistd.h>

#include <ATen/Parallel.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/tensor.h>

#include "core/clip/clip_scorer.h"
#include "core/metadata/model_hash.h"
#include "core/nn/cuda_memory.h"
#include "core/nn/weight_loader.h"
#include "core/pipeline/image_generation.h"
#include "core/pipeline/image_tensor.h"
#include "core/util/build_info.h"
#include "core/util/busy_neighbour.h"
#include "core/util/hash_cache.h"
#include "core/pipeline/sd_components.h"
#include "core/util/interruption.h"
#include "core/util/resident_memory.h"
#include "core/util/threads.h"

namespace sd {

namespace {

void synchronize(const SdComponents& c, const at::Tensor& t) {
  if (c.compute.device.is_cuda()) (void)t.sum().item<float>();  // waits for the stream
}

template <typename Fn>
double secondsOf(Fn&& run) {
  const auto start = std::chrono::steady_clock::now();
  run();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

template <typename Fn>
BenchmarkRow timeIt(const std::string& what, int repeats, Fn&& run) {
  run();  // warm-up (allocator, kernels)
  std::vector<double> samples;
  for (int i = 0; i < std::max(1, repeats); ++i) samples.push_back(secondsOf(run));
  std::sort(samples.begin(), samples.end());
  return {what, samples[samples.size() / 2], samples.front()};
}

// The longest time between two interruption points of `run` (or from its
// start to the first, or from the last to its end): how long a cancel
// requested at the worst moment waits before it lands.
template <typename Fn>
double longestStretchWithoutInterruption(Fn&& run) {
  using Clock = std::chrono::steady_clock;
  auto last = Clock::now();
  double longest = 0;
  const auto mark = [&] {
    const auto now = Clock::now();
    longest = std::max(longest, std::chrono::duration<double>(now - last).count());
    last = now;
  };
  {
    InterruptionScope scope([&](double) { mark(); });
    run();
  }
  mark();
  return longest;
}

// A1111's model hash as `generate` computes it: first through a fresh cache
// file, so the weights are read and hashed whatever the user's cache holds,
// then again, answered from that cache. The user's own cache is left alone.
void timeModelHash(const std::filesystem::path& model, BenchmarkReport& report) {
  const auto file = modelHashFile(model);
  const auto cacheFile = std::filesystem::temp_directory_path() /
                         ("sdstudio-bench-hashes-" + std::to_string(::getpid()) + ".json");
  const HashCache cache(cacheFile);
  auto& f = report.figures;
  f.modelHashSeconds = secondsOf([&] { (void)cache.sha256(file); });
  f.modelHashCachedSeconds = secondsOf([&] { (void)cache.sha256(file); });
  std::error_code ec;
  std::filesystem::remove(cacheFile, ec);
  report.rows.push_back({"model hash (sha256 of the weights, not cached)", f.modelHashSeconds, f.modelHashSeconds});
  report.rows.push_back({"model hash (from the hash cache)", f.modelHashCachedSeconds, f.modelHashCachedSeconds});
}

std::string latentSize(int w, int h, int f) { return std::to_string(w / f) + "×" + std::to_string(h / f); }

}  // namespace

BenchmarkReport runBenchmark(const BenchmarkOptions& options, const std::function<void(const std::string&)>& log) {
  c10::InferenceMode guard;
  BenchmarkReport report;
  report.threads = configureTorchThreads(options.threads);
  report.threadsAdaptive = torchThreadPolicy().adaptive;
  ResidentPeaks residentPeaks;
  const auto compute = resolveComputeDevice(options.device);
  report.device = compute.describe();
  report.deviceKind = compute.device.is_cuda() ? "cuda" : "cpu";
  report.dtype = std::string(dtypeName(compute.networkDtype));
  report.torchVersion = build::kTorchVersion;
  report.width = options.width;
  report.height = options.height;
  report.steps = options.steps;
  resetCudaPeakMemory();
  auto& figures = report.figures;
  std::unique_ptr<SdComponents> model;
  figures.loadSeconds = secondsOf([&] {
    if (options.fullSizeRandom) {
      if (log) log("building SD v1.4 (full size) with random weights");
      model = makeRandomComponents(compute, 1234);
      report.model = "SD v1.4 architecture, random weights";
    } else {
      model = loadComponents(locateModel(options.model), compute, log);
      report.model = options.model.string();
    }
  });
  report.rows.push_back({options.fullSizeRandom ? "build random weights" : "load the model", figures.loadSeconds,
                         figures.loadSeconds});
  figures.peakLoadMb = residentPeaks.endPart();
  if (!options.fullSizeRandom) {
    if (log) log("model hash");
    timeModelHash(options.model, report);
  }
  auto& m = *model;
  const int f = m.vaeConfig.downscaleFactor();
  const auto opts = at::TensorOptions().device(compute.device).dtype(compute.dtype);

  const auto ids = at::tensor(m.tokenizer->encodeForModel("a photograph of an astronaut riding a horse").inputIds,
                              at::kLong).view({1, -1}).repeat({2, 1}).to(compute.device);
  if (log) log("text encoder");
  report.rows.push_back(timeIt("text encoder (batch 2, 77 tokens)", options.repeats, [&] {
    synchronize(m, m.textEncoder->text_model.forward(ids).lastHiddenState);
  }));
  figures.textEncodeSeconds = report.rows.back().seconds;
  const auto context = m.textEncoder->text_model.forward(ids).lastHiddenState.to(compute.dtype);
  const auto latents = at::randn({2, m.unetConfig.inChannels, options.height / f, options.width / f}, opts);
  const auto t = at::tensor(int64_t{500}).to(compute.device);
  const auto unetStep = [&] { synchronize(m, m.unet->forward(latents, t, context)); };
  const auto unetRow = "UNet forward (batch 2 = one CFG step, " + latentSize(options.width, options.height, f) + " latents)";
  if (log) log("UNet");
  (void)residentPeaks.endPart();  // the text encoder's part
  report.rows.push_back(timeIt(unetRow, options.repeats, unetStep));
  figures.unetCfgStepSeconds = report.rows.back().seconds;
  const auto predict = unetPredictor(m);
  if (compute.device.is_cuda() && CudaGraphCache::enabled()) {
    // As the denoising loop runs it: eager on the first call, captured on the second, then replayed.
    (void)predict(latents, t, context);
    report.rows.push_back(timeIt(unetRow + ", CUDA graph", options.repeats,
                                 [&] { synchronize(m, predict(latents, t, context)); }));
    figures.unetCfgStepGraphSeconds = report.rows.back().seconds;
  }
  figures.peakStepMb = residentPeaks.endPart();
  if (log) log("VAE decode");
  report.rows.push_back(timeIt("VAE decode (1 image, " + std::to_string(options.width) + "×" +
                                   std::to_string(options.height) + ")",
                               options.repeats, [&] { synchronize(m, decodeLatents(m, latents.narrow(0, 0, 1))); }));
  figures.vaeDecodeSeconds = report.rows.back().seconds;
  figures.peakDecodeMb = residentPeaks.endPart();
  if (options.profile) {
    if (log) log("profiling one UNet step and one decode per operator");
    report.unetProfile = profileOperators([&] { synchronize(m, m.unet->forward(latents, t, context)); });
    report.decodeProfile = profileOperators([&] { synchronize(m, decodeLatents(m, latents.narrow(0, 0, 1))); });
  }
  if (log) log("how long a cancel waits");
  figures.cancelWaitUnetSeconds =
      longestStretchWithoutInterruption([&] { synchronize(m, m.unet->forward(latents, t, context)); });
  figures.cancelWaitDecodeSeconds =
      longestStretchWithoutInterruption([&] { synchronize(m, decodeLatents(m, latents.narrow(0, 0, 1))); });
  report.rows.push_back({"longest wait for a cancel in a UNet step", figures.cancelWaitUnetSeconds,
                         figures.cancelWaitUnetSeconds});
  report.rows.push_back({"longest wait for a cancel in a decode", figures.cancelWaitDecodeSeconds,
                         figures.cancelWaitDecodeSeconds});
  report.rows.push_back(timeIt("step preview (latents → RGB, no VAE)", options.repeats,
                               [&] { (void)latentPreview(latents.narrow(0, 0, 1)); }));
  figures.previewMs = report.rows.back().seconds * 1000.0;
  if (!options.clip.empty()) {
    // A score trajectory point: the estimate decoded the cheap way, embedded
    // and scored by CLIP (the VAE decoder adds the VAE decode row instead).
    const auto scorer = ClipScorer::load(options.clip, options.device);
    const auto prompts = scorer->embedTexts({"a photograph of an astronaut riding a horse", "a horse"});
    report.rows.push_back(timeIt("score trajectory point (x0 → RGB approximation + CLIP)", options.repeats, [&] {
      (void)clipScores(scorer->embedImages({latentPreview(latents.narrow(0, 0, 1))}), prompts, scorer->logitScale());
    }));
    figures.trajectoryPointSeconds = report.rows.back().seconds;
  }
  if (log) log("whole generation");
  BatchSpec spec;
  spec.prompts = {"a photograph of an astronaut riding a horse"};
  spec.negativePrompt = "blurry";
  spec.steps = options.steps;
  spec.scheduler = SchedulerKind::DpmPP2MKarras;
  spec.width = options.width;
  spec.height = options.height;
  const auto wholeRow = "txt2img, " + std::to_string(options.steps) + " steps DPM++ 2M Karras, CFG 7.5";
  const auto whole = [&] { synchronize(m, runBatch(m, spec, NoiseSource::fromSeed(1)).decoded); };
  report.rows.push_back(timeIt(wholeRow, std::max(1, options.repeats / 2), whole));
  figures.wholeSeconds = report.rows.back().seconds;
  if (compute.device.is_cuda()) {
    // Throughput: 4 images of one prompt as one batch (8 in the CFG batch).
    spec.prompts.assign(4, spec.prompts.front());
    report.rows.push_back(timeIt(wholeRow + ", 4 images at once", std::max(1, options.repeats / 2), whole));
    figures.wholeBatch4Seconds = report.rows.back().seconds;
  }
  figures.peakResidentMb = residentPeaks.wholeRun();
  if (options.busy) {
    // The same again beside a process that keeps one core busy: what a
    // browser or a compiler does to the studio (the thread governor's test).
    if (log) log("UNet step and txt2img beside a busy process");
    const BusyNeighbour neighbour;
    report.rows.push_back(timeIt(unetRow + ", one core busy", options.repeats, unetStep));
    figures.busyUnetCfgStepSeconds = report.rows.back().seconds;
    report.rows.push_back(timeIt(wholeRow + ", one core busy", std::max(1, options.repeats / 2), whole));
    figures.busyWholeSeconds = report.rows.back().seconds;
    figures.busyThreads = torchThreadPolicy().current;
  }
  figures.peakCudaMb = cudaPeakAllocatedMb();
  figures.cudaGraphCaptures = m.unetGraphs->counts().captures;
  figures.cudaGraphFailures = m.unetGraphs->counts().failures;
  return report;
}

}  // namespace sd
