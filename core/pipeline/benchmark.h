#pragma once
// Speed and memory of the engine's parts, measured (never asserted in tests):
// `sdstudio-cli bench`. No torch in this header.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/nn/device_preference.h"
#include "core/pipeline/operator_profile.h"

namespace sd {

struct BenchmarkOptions {
  std::filesystem::path model;   // a model to load; empty with fullSizeRandom
  bool fullSizeRandom = false;   // SD v1.4's full architecture with random weights
  DevicePreference device = DevicePreference::Auto;
  int width = 512;
  int height = 512;
  int steps = 4;                 // for the whole-generation measurement
  int repeats = 2;               // each part is timed this often after one warm-up
  int threads = 0;               // 0: every core, fewer while other programs are busy
  bool profile = false;          // also profile one CFG step and one decode per operator
  std::filesystem::path clip;    // a CLIP model: also time one scored step of a score trajectory
  bool busy = false;             // also time a step and txt2img beside a process that keeps a core busy
};

struct BenchmarkRow {
  std::string what;     // "UNet forward (batch 2, 64×64 latents)"
  double seconds = 0;   // median of the repeats
  double best = 0;
};

// The headline figures, in seconds unless named otherwise (medians of the
// repeats). `bench --json` prints them under these names.
struct BenchmarkFigures {
  double loadSeconds = 0;         // loading the model (or building random weights)
  double textEncodeSeconds = 0;   // batch 2 (prompt + negative), 77 tokens
  double unetCfgStepSeconds = 0;  // one UNet forward at batch 2 = one CFG step
  double unetCfgStepGraphSeconds = 0;  // the same replayed from its CUDA graph (0: no graph)
  double vaeDecodeSeconds = 0;    // one image
  double wholeSeconds = 0;        // txt2img: encode, `steps` steps, decode
  double wholeBatch4Seconds = 0;  // the same for 4 images at once (CUDA only; 0 elsewhere)
  double previewMs = 0;           // one latent → RGB step preview
  double trajectoryPointSeconds = 0;  // one scored trajectory step: x₀ → RGB (approximation) + CLIP (with a CLIP model)
  // How long a cancel can wait: the longest stretch of one UNet forward / one
  // decode without an interruption point (core/util/interruption.h), i.e.
  // the worst moment to press Cancel. The first stretch counts from the start.
  double cancelWaitUnetSeconds = 0;
  double cancelWaitDecodeSeconds = 0;
  // A1111's model hash, which `generate` computes after loading (0 for random weights):
  double modelHashSeconds = 0;        // sha256 of the weights file, read and hashed (nothing cached)
  double modelHashCachedSeconds = 0;  // the same hash answered from the hash cache
  double peakResidentMb = 0;      // VmHWM of the process over the whole run
  // VmHWM during one part (reset before it, so each holds what was resident
  // when the part began, e.g. the weights, plus what the part added):
  double peakLoadMb = 0;          // loading (or building) the weights
  double peakStepMb = 0;          // the UNet step's timings
  double peakDecodeMb = 0;        // the VAE decode's timings
  // With options.busy: the same step and txt2img beside a busy process, and
  // the thread count the governor settled on there.
  double busyUnetCfgStepSeconds = 0;
  double busyWholeSeconds = 0;
  int busyThreads = 0;
  double peakCudaMb = 0;          // the CUDA caching allocator's peak (0 on the CPU)
  long cudaGraphCaptures = 0, cudaGraphFailures = 0;  // UNet graphs captured / that could not be
};

struct BenchmarkReport {
  std::string device;       // "cuda:0 (float16)"
  std::string deviceKind;   // "cpu" or "cuda"
  std::string dtype;        // "float32", "float16"
  std::string torchVersion;
  std::string model;
  int threads = 0;              // the most threads used
  bool threadsAdaptive = false;  // fewer while other programs are busy (core/util/threads.h)
  int width = 0, height = 0, steps = 0;
  std::vector<BenchmarkRow> rows;  // every timed part, for the table
  BenchmarkFigures figures;
  OperatorProfile unetProfile, decodeProfile;  // with options.profile
};

BenchmarkReport runBenchmark(const BenchmarkOptions& options, const std::function<void(const std::string&)>& log);

}  // namespace sd
