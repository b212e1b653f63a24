#pragma once
// Throughput of CLIP scoring with the full-size ViT-B/32 architecture and
// random weights (no download needed): what `sdstudio-cli bench-clip` and
// the lead's `bench` print. No torch in this header.
#include <cstdint>
#include <string>
#include <vector>

#include "core/nn/device_preference.h"

namespace sd {

struct ClipBenchmarkOptions {
  DevicePreference device = DevicePreference::Auto;
  std::vector<int> batchSizes{1, 8};
  int warmupRuns = 1;
  int timedRuns = 3;
  int textTokens = 77;           // the text tower's worst case (full context)
  int sourceImageSize = 512;     // preprocessing input: SD v1.4's output size
};

struct ClipBenchmarkTiming {
  std::string stage;   // "preprocess", "image", "text"
  int batch = 0;
  double secondsPerBatch = 0;  // median of the timed runs
  double itemsPerSecond = 0;
};

struct ClipBenchmarkReport {
  std::string device;  // "cpu (float32)"
  int threads = 0;     // intra-op threads
  int64_t parameters = 0;
  std::vector<ClipBenchmarkTiming> timings;
};

// Image timings cover pixel values → unit embeddings (vision tower,
// projection, normalisation, copy back); "preprocess" covers one
// sourceImageSize² RgbImage → pixel values (PIL-exact resize, crop,
// normalise) on the CPU.
ClipBenchmarkReport benchmarkClip(const ClipBenchmarkOptions& options);

}  // namespace sd
