// sdstudio-cli bench-clip: CLIP scoring throughput with the full-size
// ViT-B/32 architecture and random weights (no model download needed).
#include <cstdio>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/clip/clip_benchmark.h"
#include "core/util/error.h"
#include "core/util/threads.h"

namespace sd::cli {

namespace {

std::vector<int> batchSizes(const ParsedArgs& args) {
  const auto given = args.integers("batch", 1, 256);
  return given.empty() ? ClipBenchmarkOptions{}.batchSizes : std::vector<int>(given.begin(), given.end());
}

int runBenchClip(const ParsedArgs& args) {
  ClipBenchmarkOptions options;
  const auto deviceName = args.value("device").value_or("auto");
  const auto device = parseDevicePreference(deviceName);
  if (!device) throw UsageError("--device must be auto, cpu or cuda, got '" + deviceName + "'");
  options.device = *device;
  options.batchSizes = batchSizes(args);
  options.timedRuns = static_cast<int>(args.integer("runs", options.timedRuns, 1, 100));
  if (args.has("threads")) configureTorchThreads(static_cast<int>(args.integer("threads", 0, 1, 1024)));
  const auto report = benchmarkClip(options);
  if (args.has("json")) {
    nlohmann::json out{{"device", report.device}, {"threads", report.threads}, {"parameters", report.parameters}};
    for (const auto& t : report.timings)
      out["timings"].push_back({{"stage", t.stage}, {"batch", t.batch}, {"seconds_per_batch", t.secondsPerBatch},
                                {"items_per_second", t.itemsPerSecond}});
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << "CLIP ViT-B/32 (" << report.parameters << " parameters, random weights) on " << report.device << ", "
            << report.threads << " threads; median of " << options.timedRuns << " runs\n";
  for (const auto& t : report.timings) {
    char line[128];
    std::snprintf(line, sizeof line, "  %-10s batch %3d  %9.2f ms/batch  %9.2f items/s\n", t.stage.c_str(), t.batch,
                  t.secondsPerBatch * 1000.0, t.itemsPerSecond);
    std::cout << line;
  }
  return 0;
}

}  // namespace

CommandSpec benchClipCommand() {
  return {"bench-clip",
          "Measure CLIP scoring speed with the full-size ViT-B/32 (no download).",
          "Measures CLIP scoring speed: preprocessing, image and text embeddings per second with the full-size "
          "ViT-B/32 architecture (random weights, so no download is needed).",
          "[--device D] [--batch N...] [--runs N] [--threads N] [--json]",
          {value("device", "D", "auto, cpu or cuda (default auto)"),
           many(value("batch", "N", "batch sizes to time (default 1 and 8)")),
           value("runs", "N", "timed runs per measurement, median reported (default 3)"),
           value("threads", "N", "intra-op CPU threads (default: every core)"),
           flag("json", "print the timings as JSON")},
          {},
          runBenchClip};
}

}  // namespace sd::cli
