// sdstudio-cli devices [--json]: what the NVIDIA driver reports, what this
// build needs of it, and where `--device auto` runs here (core/nn/gpu_probe.h).
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/nn/device_preference.h"
#include "core/nn/gpu_probe.h"
#include "core/util/build_info.h"

namespace sd::cli {

namespace {

std::string_view verdictName(GpuProbe::Verdict verdict) {
  switch (verdict) {
    case GpuProbe::Verdict::Usable: return "usable";
    case GpuProbe::Verdict::BuildHasNoCuda: return "build-has-no-cuda";
    case GpuProbe::Verdict::NoDriver: return "no-driver";
    case GpuProbe::Verdict::DriverFailed: return "driver-failed";
    case GpuProbe::Verdict::NoDevice: return "no-device";
    case GpuProbe::Verdict::DriverTooOld: return "driver-too-old";
    case GpuProbe::Verdict::GpuTooOld: return "gpu-too-old";
  }
  return "unknown";
}

int runDevices(const ParsedArgs& args) {
  const auto& gpu = machineGpu();
  const auto& needs = buildCudaRequirements();
  const bool cuda = cudaAvailable();
  const bool fast = cpuHasFastBfloat16();
  const auto autoDevice = effectiveDevice(DevicePreference::Auto);
  const std::string line = describeDeviceChoice(DevicePreference::Auto, gpu, cuda, fast);
  if (args.has("json")) {
    nlohmann::json j = {{"line", line},
                        {"verdict", verdictName(gpu.verdict)},
                        {"auto", devicePreferenceName(autoDevice)},
                        {"gpu_name", gpu.gpuName},
                        {"compute_capability", gpu.computeCapability},
                        {"total_bytes", gpu.totalBytes},
                        {"free_bytes", gpu.freeBytes},
                        {"driver_release", gpu.driverRelease},
                        {"driver_cuda", gpu.driverCuda},
                        {"detail", gpu.detail},
                        {"build_cuda", needs.runtime},
                        {"min_driver", needs.minDriverRelease},
                        {"kernels", needs.kernels},
                        {"cpu_bfloat16", fast},
                        {"torch_version", build::kTorchVersion}};
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << line << "\n"
            << "--device auto runs on: " << devicePreferenceName(autoDevice) << "\n"
            << "this build: LibTorch " << build::kTorchVersion;
  if (needs.buildHasCuda)
    std::cout << ", CUDA " << needs.runtime << " (NVIDIA driver " << needs.minDriverRelease << " or newer"
              << (needs.kernels.empty() ? "" : "; kernels for " + needs.kernels) << ")";
  else
    std::cout << ", CPU only";
  std::cout << "\nCPU bfloat16 in hardware (AVX-512 BF16): " << (fast ? "yes" : "no") << "\n";
  return kExitOk;
}

}  // namespace

CommandSpec devicesCommand() {
  return {"devices",
          "Say which GPU and driver are here, what this build needs, where --device auto runs.",
          "Asks the NVIDIA driver (libcuda.so.1, NVML) for the GPU, its memory and the driver's version, compares "
          "them with what this build's CUDA needs (the driver release, the oldest GPU architecture it has kernels "
          "for), and prints one line that says what was found and where inference runs: on the GPU, or on the "
          "CPU (the bfloat16 fast mode where the CPU has AVX-512 BF16) and why not on the GPU. generate and "
          "bench print the same line before they start.",
          "[--json]",
          {flag("json", "print the probe as JSON (verdict, gpu_name, free_bytes, driver_release, build_cuda, ...)")},
          {},
          runDevices};
}

}  // namespace sd::cli
