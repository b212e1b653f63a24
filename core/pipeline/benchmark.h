#pragma once
// Speed and memory of the engine's parts, measured (never asserted in tests):
// `sdstudio-cli bench`. No torch in this header.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/pipeline/device_preference.h"

namespace sd {

struct BenchmarkOptions {
  std::filesystem::path model;   // a model to load; empty with fullSizeRandom
  bool fullSizeRandom = false;   // SD v1.4's full architecture with random weights
  DevicePreference device = DevicePreference::Auto;
  int width = 512;
  int height = 512;
  int steps = 4;                 // for the whole-generation measurement
  int repeats = 2;               // each part is timed this often after one warm-up
  int threads = 0;               // 0: every core
};

struct BenchmarkRow {
  std::string what;     // "UNet forward (batch 2, 64×64 latents)"
  double seconds = 0;   // median of the repeats
  double best = 0;
};

struct BenchmarkReport {
  std::string device;
  std::string model;
  int threads = 0;
  std::vector<BenchmarkRow> rows;
  long peakResidentKb = 0;      // VmHWM of this process
  double peakDeviceMb = 0;      // CUDA peak allocated, when on CUDA
};

BenchmarkReport runBenchmark(const BenchmarkOptions& options, const std::function<void(const std::string&)>& log);

}  // namespace sd
