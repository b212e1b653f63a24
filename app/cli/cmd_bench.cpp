// sdstudio-cli bench: how fast the engine's parts run here, and how much
// memory they take. Figures to compare as ratios within one run.
#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "core/pipeline/benchmark.h"
#include "core/util/error.h"

namespace sd::cli {

namespace {

int runBench(const ParsedArgs& args) {
  BenchmarkOptions options;
  options.fullSizeRandom = args.has("full-size");
  if (const auto model = args.value("model")) options.model = *model;
  if (options.model.empty() && !options.fullSizeRandom)
    throw Error("give --model PATH, or --full-size for SD v1.4's architecture with random weights");
  const auto device = parseDevicePreference(args.value("device").value_or("auto"));
  if (!device) throw Error("--device must be auto, cpu or cuda");
  options.device = *device;
  options.width = static_cast<int>(args.integer("width", 512, 64, 4096));
  options.height = static_cast<int>(args.integer("height", 512, 64, 4096));
  options.steps = static_cast<int>(args.integer("steps", 4, 1, 1000));
  options.repeats = static_cast<int>(args.integer("repeats", 2, 1, 100));
  options.threads = static_cast<int>(args.integer("threads", 0, 0, 1024));
  if (options.width % 8 || options.height % 8) throw Error("--width and --height must be multiples of 8");

  const auto report = runBenchmark(options, [](const std::string& s) { std::cerr << "… " << s << "\n"; });
  std::printf("model:   %s\ndevice:  %s, %d threads\n\n", report.model.c_str(), report.device.c_str(), report.threads);
  std::printf("%-62s %10s %10s\n", "part", "median s", "best s");
  for (const auto& row : report.rows) std::printf("%-62s %10.3f %10.3f\n", row.what.c_str(), row.seconds, row.best);
  std::printf("\npeak resident memory: %.1f MiB\n", report.peakResidentKb / 1024.0);
  if (report.peakDeviceMb > 0) std::printf("peak CUDA memory:     %.1f MiB\n", report.peakDeviceMb);
  return 0;
}

}  // namespace

CommandSpec benchCommand() {
  return {"bench",
          "Times the text encoder, one UNet step (CFG batch), the VAE decode and a whole generation, and reports\n"
          "peak memory. Use --full-size to measure SD v1.4's real architecture with random weights.",
          "(--model PATH | --full-size) [--device auto|cpu|cuda] [--width W] [--height H] [--steps N]",
          {{"model", "PATH", "model to measure (diffusers folder or .safetensors)"},
           {"full-size", "", "SD v1.4's full architecture with random weights (3.4 GB of RAM in fp32)"},
           {"device", "DEV", "auto (default), cpu or cuda"},
           {"width", "W", "image width (default 512)"},
           {"height", "H", "image height (default 512)"},
           {"steps", "N", "steps of the whole-generation run (default 4)"},
           {"repeats", "N", "timed repeats after one warm-up (default 2)"},
           {"threads", "N", "CPU threads (default: every core)"}},
          runBench};
}

}  // namespace sd::cli
