#pragma once
// What comes back from a generation, as plain values.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/image/rgb_image.h"

namespace sd {

// The scheduler's x₀ estimate after `step`, decoded (score trajectory).
struct StepEstimate {
  int step = 0;
  RgbImage image;
};

struct GeneratedImage {
  int promptIndex = 0;   // into GenerationRequest::prompts
  int imageIndex = 0;    // 0 … batch-1; seed = seedOfImage(request, imageIndex)
  uint64_t seed = 0;
  uint64_t variationSeed = 0;  // with request.variationStrength > 0: request.variationSeed + imageIndex
  RgbImage image;
  std::vector<float> finalLatents;   // [1, 4, h/8, w/8] before the VAE scaling division (keepLatents)
  std::vector<int64_t> latentShape;
  std::string initialNoiseHash;      // FNV-1a of the initial noise bytes: proves a seed reproduced
  double seconds = 0;                // wall time of this image
  std::vector<StepEstimate> estimates;  // request.trajectoryEvery > 0: in step order
};

struct StepProgress {
  int imageNumber = 0;  // 1-based over the whole request
  int imageCount = 0;
  int step = 0;         // 1-based, of `steps`
  int steps = 0;
  double iterationsPerSecond = 0;
  double etaSeconds = 0;  // for the whole request
  RgbImage preview;       // linear latent→RGB (h/8 × w/8), or a VAE decode (h × w); empty within a step
  bool previewDecoded = false;
  double withinStep = 0;  // onWithinStep: the share (0..1) of step `step + 1` done so far
};

struct GenerationCallbacks {
  // Every step; return false to stop after this step (sd::Cancelled is thrown).
  std::function<bool(const StepProgress&)> onStep;
  // Each image the moment it is finished, before the next one starts.
  std::function<void(GeneratedImage&&)> onImage;
  // Model loading / encoding phases, for status lines.
  std::function<void(const std::string&)> onStatus;
  // Polled between the model's layers, many times a step; return true to stop
  // at once (sd::Cancelled is thrown from inside the step). At full size on a
  // CPU a step takes a minute: onStep alone would let a cancel wait that long.
  std::function<bool()> shouldStop;
  // Progress inside a step (between the UNet's blocks), for slow steps.
  std::function<void(const StepProgress&)> onWithinStep;
  // On CUDA the step preview reads the latents back from the device, which
  // makes the host wait for the GPU: there, at most one every this many
  // seconds (and always at the last step). On the CPU a preview costs
  // nothing and comes every step. Negative: no previews at all.
  double previewIntervalSeconds = 0.1;
};

}  // namespace sd
