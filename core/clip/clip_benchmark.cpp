#include "core/clip/clip_benchmark.h"

#include <algorithm>
#include <chrono>
#include <functional>

#include "core/clip/clip_model.h"
#include "core/image/clip_preprocess.h"
#include "core/nn/aten.h"
#include "core/nn/compute_device.h"
#include "core/nn/weight_loader.h"
#include "core/util/error.h"
#include <ATen/Parallel.h>
#include <ATen/ops/full.h>
#include <ATen/ops/randn.h>

namespace sd {

namespace {

constexpr uint64_t kWeightSeed = 0;

double medianSeconds(const std::function<void()>& run, int warmup, int timed) {
  for (int i = 0; i < warmup; ++i) run();
  std::vector<double> seconds;
  for (int i = 0; i < timed; ++i) {
    const auto start = std::chrono::steady_clock::now();
    run();
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  return seconds[seconds.size() / 2];
}

ClipBenchmarkTiming timing(std::string stage, int batch, double seconds) {
  return {std::move(stage), batch, seconds, batch / seconds};
}

// A deterministic, non-flat picture so the resize does real work.
RgbImage testPattern(int size) {
  RgbImage image = RgbImage::blank(size, size);
  for (std::size_t i = 0; i < image.pixels.size(); ++i) image.pixels[i] = static_cast<uint8_t>((i * 7919) >> 3);
  return image;
}

}  // namespace

ClipBenchmarkReport benchmarkClip(const ClipBenchmarkOptions& options) {
  if (options.batchSizes.empty() || options.timedRuns < 1 || options.warmupRuns < 0)
    throw Error("CLIP benchmark: needs at least one batch size and one timed run");
  if (options.textTokens < 2 || options.textTokens > clipTextConfigDefaults().maxPositionEmbeddings)
    throw Error("CLIP benchmark: text length must be 2..77 tokens, got " + std::to_string(options.textTokens));
  const auto device = exactNetworks(resolveComputeDevice(options.device));
  const auto config = clipModelConfigDefaults();  // openai/clip-vit-base-patch32
  ClipModel model(config);
  initRandomWeights(model, kWeightSeed, {device.device, device.dtype});

  ClipBenchmarkReport report;
  report.device = device.describe();
  report.threads = at::get_num_threads();
  report.parameters = model.parameterCount();

  const ClipImageProcessorConfig processor;
  const auto source = testPattern(options.sourceImageSize);
  report.timings.push_back(timing("preprocess", 1, medianSeconds([&] { preprocessForClip(source, processor); },
                                                                 options.warmupRuns, options.timedRuns)));
  c10::InferenceMode guard;
  const auto& v = config.vision;
  for (int batch : options.batchSizes) {
    if (batch < 1) throw Error("CLIP benchmark: batch sizes must be at least 1");
    const auto pixels = at::randn({batch, v.numChannels, v.imageSize, v.imageSize});
    const double image = medianSeconds(
        [&] { ClipModel::normalize(model.imageFeatures(pixels)).to(at::kCPU); }, options.warmupRuns, options.timedRuns);
    report.timings.push_back(timing("image", batch, image));
  }
  for (int batch : options.batchSizes) {
    // BOS, filler tokens, EOS last: pooling at the final position.
    auto ids = at::full({batch, options.textTokens}, int64_t{320}, at::kLong);
    ids.select(1, 0).fill_(49406);
    ids.select(1, options.textTokens - 1).fill_(49407);
    const auto mask = at::full({batch, options.textTokens}, int64_t{1}, at::kLong);
    const double text = medianSeconds(
        [&] { ClipModel::normalize(model.textFeatures(ids, mask)).to(at::kCPU); }, options.warmupRuns, options.timedRuns);
    report.timings.push_back(timing("text", batch, text));
  }
  return report;
}

}  // namespace sd
