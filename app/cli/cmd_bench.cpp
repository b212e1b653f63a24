// sdstudio-cli bench: how fast the engine's parts run here, and how much
// memory they take. Figures to compare as ratios within one run.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/nn/gpu_probe.h"
#include "core/pipeline/benchmark.h"
#include "core/util/error.h"

namespace sd::cli {

namespace {

// One JSON object for scripts (scripts/gpu-check.sh, scripts/bench-peer.sh
// compare these names). The _512_ names exist only when measured at 512².
nlohmann::json figuresJson(const BenchmarkReport& r) {
  const auto& f = r.figures;
  nlohmann::json j = {{"model", r.model},
                      {"device", r.deviceKind},
                      {"device_name", r.device},
                      {"dtype", r.dtype},
                      {"threads", r.threads},
                      {"torch_version", r.torchVersion},
                      {"width", r.width},
                      {"height", r.height},
                      {"steps", r.steps},
                      {"load_s", f.loadSeconds},
                      {"text_encode_s", f.textEncodeSeconds},
                      {"unet_cfg_step_s", f.unetCfgStepSeconds},
                      {"vae_decode_s", f.vaeDecodeSeconds},
                      {"whole_s", f.wholeSeconds},
                      {"preview_ms", f.previewMs},
                      {"trajectory_point_s", f.trajectoryPointSeconds},
                      {"cancel_wait_unet_s", f.cancelWaitUnetSeconds},
                      {"cancel_wait_decode_s", f.cancelWaitDecodeSeconds},
                      {"model_hash_s", f.modelHashSeconds},
                      {"model_hash_cached_s", f.modelHashCachedSeconds},
                      {"peak_rss_mb", f.peakResidentMb},
                      {"peak_rss_load_mb", f.peakLoadMb},
                      {"peak_rss_step_mb", f.peakStepMb},
                      {"peak_rss_decode_mb", f.peakDecodeMb},
                      {"threads_adaptive", r.threadsAdaptive},
                      {"peak_cuda_mb", f.peakCudaMb}};
  if (f.busyUnetCfgStepSeconds > 0) {
    j["busy_unet_cfg_step_s"] = f.busyUnetCfgStepSeconds;
    j["busy_step_ratio"] = f.busyUnetCfgStepSeconds / f.unetCfgStepSeconds;
    j["busy_whole_s"] = f.busyWholeSeconds;
    j["busy_whole_ratio"] = f.busyWholeSeconds / f.wholeSeconds;
    j["busy_threads"] = f.busyThreads;
  }
  if (f.wholeSeconds > 0) j["images_per_s"] = 1.0 / f.wholeSeconds;
  if (f.unetCfgStepGraphSeconds > 0) j["unet_cfg_step_graph_s"] = f.unetCfgStepGraphSeconds;
  if (f.wholeBatch4Seconds > 0) {
    j["whole_batch4_s"] = f.wholeBatch4Seconds;
    j["images_per_s_batch4"] = 4.0 / f.wholeBatch4Seconds;
  }
  if (r.deviceKind == "cuda") {
    j["cuda_graph_captures"] = f.cudaGraphCaptures;
    j["cuda_graph_failures"] = f.cudaGraphFailures;
  }
  if (r.width == 512 && r.height == 512) {
    j["unet_cfg_step_512_s"] = f.unetCfgStepSeconds;
    j["vae_decode_512_s"] = f.vaeDecodeSeconds;
  }
  return j;
}

nlohmann::json profileJson(const OperatorProfile& p) {
  nlohmann::json kinds = nlohmann::json::object(), ops = nlohmann::json::array();
  for (const auto& [kind, seconds] : p.byKind()) kinds[kind] = seconds;
  for (const auto& op : p.operators) ops.push_back({{"name", op.name}, {"calls", op.calls}, {"self_s", op.selfSeconds}});
  return {{"wall_s", p.wallSeconds}, {"by_kind_s", kinds}, {"operators", ops}};
}

void printProfile(std::FILE* out, const char* title, const OperatorProfile& p) {
  std::fprintf(out, "\n%s: %.3f s wall\n%-44s %10s %7s\n", title, p.wallSeconds, "kind", "self s", "share");
  for (const auto& [kind, seconds] : p.byKind())
    std::fprintf(out, "%-44s %10.3f %6.1f%%\n", kind.c_str(), seconds, 100.0 * seconds / p.wallSeconds);
  std::fprintf(out, "%-44s %10s %7s %8s\n", "operator (top 12)", "self s", "share", "calls");
  for (std::size_t i = 0; i < p.operators.size() && i < 12; ++i) {
    const auto& op = p.operators[i];
    std::fprintf(out, "%-44s %10.3f %6.1f%% %8lld\n", op.name.c_str(), op.selfSeconds,
                 100.0 * op.selfSeconds / p.wallSeconds, op.calls);
  }
}

void printTable(std::FILE* out, const BenchmarkReport& report) {
  const auto& f = report.figures;
  std::fprintf(out, "model:   %s\ndevice:  %s, %s%d threads, LibTorch %s\n\n", report.model.c_str(),
               report.device.c_str(), report.threadsAdaptive ? "up to " : "", report.threads,
               report.torchVersion.c_str());
  std::fprintf(out, "%-62s %10s %10s\n", "part", "median s", "best s");
  for (const auto& row : report.rows) std::fprintf(out, "%-62s %10.3f %10.3f\n", row.what.c_str(), row.seconds, row.best);
  std::fprintf(out, "\npeak resident memory: %.1f MiB (load %.1f, UNet step %.1f, decode %.1f)\n", f.peakResidentMb,
               f.peakLoadMb, f.peakStepMb, f.peakDecodeMb);
  if (f.busyUnetCfgStepSeconds > 0)
    std::fprintf(out, "beside a busy process: UNet step %.2f×, txt2img %.2f× the quiet time (%d threads)\n",
                 f.busyUnetCfgStepSeconds / f.unetCfgStepSeconds, f.busyWholeSeconds / f.wholeSeconds, f.busyThreads);
  if (report.deviceKind == "cuda") std::fprintf(out, "peak CUDA memory:     %.1f MiB\n", f.peakCudaMb);
  if (!report.unetProfile.operators.empty()) {
    printProfile(out, "UNet, one CFG step, per operator", report.unetProfile);
    printProfile(out, "VAE decode, per operator", report.decodeProfile);
  }
}

int runBench(const ParsedArgs& args) {
  BenchmarkOptions options;
  options.fullSizeRandom = args.has("full-size");
  if (const auto model = args.value("model")) options.model = *model;
  if (options.model.empty() && !options.fullSizeRandom)
    throw UsageError("give --model PATH, or --full-size for SD v1.4's architecture with random weights");
  const auto device = parseDevicePreference(args.value("device").value_or("auto"));
  if (!device) throw UsageError("--device must be auto, cpu, cpu-bf16 or cuda");
  options.device = *device;
  options.width = static_cast<int>(args.integer("width", 512, 64, 4096));
  options.height = static_cast<int>(args.integer("height", 512, 64, 4096));
  options.steps = static_cast<int>(args.integer("steps", 4, 1, 1000));
  options.repeats = static_cast<int>(args.integer("repeats", 2, 1, 100));
  options.threads = static_cast<int>(args.integer("threads", 0, 0, 1024));
  options.profile = args.has("profile");
  options.busy = args.has("busy");
  if (const auto clip = args.value("clip")) options.clip = *clip;
  if (options.width % 8 || options.height % 8) throw UsageError("--width and --height must be multiples of 8");

  std::cerr << "Device: " << describeDeviceChoice(*device, machineGpu(), cudaAvailable(), cpuHasFastBfloat16()) << "\n";
  const auto report = runBenchmark(options, [](const std::string& s) { std::cerr << "… " << s << "\n"; });
  if (args.has("json")) {
    printTable(stderr, report);  // the human table still goes to the terminal
    auto json = figuresJson(report);
    if (options.profile) json["profile"] = {{"unet_cfg_step", profileJson(report.unetProfile)},
                                            {"vae_decode", profileJson(report.decodeProfile)}};
    std::cout << json.dump(2) << std::endl;
  } else {
    printTable(stdout, report);
  }
  return 0;
}

}  // namespace

CommandSpec benchCommand() {
  return {"bench",
          "Time the engine's parts (text encoder, UNet step, VAE decode) and peak memory.",
          "Times the text encoder, one UNet step (CFG batch), the VAE decode and a whole generation, and reports "
          "peak memory. Use --full-size to measure SD v1.4's real architecture with random weights.",
          "(--model PATH | --full-size) [--device auto|cpu|cpu-bf16|cuda] [--width W] [--height H] [--steps N] [--profile] "
          "[--busy] [--json]",
          {value("model", "PATH", "model to measure (diffusers folder or .safetensors)"),
           flag("full-size", "SD v1.4's full architecture with random weights (3.4 GB of RAM in fp32)"),
           value("device", "DEV", "auto (default), cpu, cuda, or cpu-bf16 (the CPU's fast mode: UNet and VAE in bfloat16, about twice as fast on CPUs with AVX-512 BF16, images slightly different)"),
           value("width", "W", "image width (default 512)"),
           value("height", "H", "image height (default 512)"),
           value("steps", "N", "steps of the whole-generation run (default 4)"),
           value("repeats", "N", "timed repeats after one warm-up (default 2)"),
           value("threads", "N", "CPU threads, fixed (default: every core, fewer while other programs keep "
                                 "cores busy)"),
           flag("profile", "also time one CFG step and one decode per LibTorch operator (self time, grouped by "
                           "kind: convolution, attention, normalization, copies, ...)"),
           flag("busy", "also time the UNet step and txt2img beside a process that keeps one core busy, and "
                        "report the ratios to the quiet times"),
           value("clip", "DIR", "a CLIP model: also time one scored step of a score trajectory (generate --trajectory)"),
           flag("json", "print the figures as one JSON object on stdout (load_s, text_encode_s, unet_cfg_step_s, "
                        "vae_decode_s, whole_s, preview_ms, trajectory_point_s (0 without --clip), cancel_wait_unet_s, "
                        "cancel_wait_decode_s (the longest a cancel waits in a step, a decode), model_hash_s, "
                        "model_hash_cached_s, peak_rss_mb and its parts peak_rss_load_mb, peak_rss_step_mb, "
                        "peak_rss_decode_mb, peak_cuda_mb, with --busy busy_step_ratio and busy_whole_ratio, ...); "
                        "the table goes to stderr")},
          {},
          runBench};
}

}  // namespace sd::cli
