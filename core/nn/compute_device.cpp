#include "core/nn/compute_device.h"

#include <cstdlib>
#include <cstring>

#include <ATen/Context.h>

#include "core/nn/cuda_memory.h"
#include "core/nn/gpu_probe.h"
#include "core/util/error.h"

namespace sd {

std::optional<DevicePreference> parseDevicePreference(std::string_view text) {
  if (text == "auto") return DevicePreference::Auto;
  if (text == "cpu") return DevicePreference::Cpu;
  if (text == "cpu-bf16") return DevicePreference::CpuBf16;
  if (text == "cuda" || text == "gpu") return DevicePreference::Cuda;
  return std::nullopt;
}

std::string_view devicePreferenceName(DevicePreference preference) {
  switch (preference) {
    case DevicePreference::Cpu: return "cpu";
    case DevicePreference::CpuBf16: return "cpu-bf16";
    case DevicePreference::Cuda: return "cuda";
    default: return "auto";
  }
}

// The driver is asked first (core/nn/gpu_probe.h): LibTorch is only asked
// where a GPU this build can run on is there, so it never prints its own
// warnings about an old driver.
bool cudaAvailable() { return machineGpu().usable() && at::hasCUDA(); }

bool cpuHasFastBfloat16() {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512bf16");
#else
  return false;
#endif
}

DevicePreference effectiveDevice(DevicePreference preference) {
  if (preference != DevicePreference::Auto) return preference;
  if (cudaAvailable()) return DevicePreference::Cuda;
  return cpuHasFastBfloat16() ? DevicePreference::CpuBf16 : DevicePreference::Cpu;
}

ComputeDevice resolveComputeDevice(DevicePreference preference) {
  if (preference == DevicePreference::Cuda && !cudaAvailable()) {
    const auto& gpu = machineGpu();
    throw Error("device 'cuda' was requested, but " +
                (gpu.usable() ? std::string("LibTorch could not use ") + gpu.gpuName : describeGpu(gpu)));
  }
  preference = effectiveDevice(preference);
  // SDSTUDIO_CHANNELS_LAST: 1 on, 0 off; unset: on for CUDA, off on the CPU.
  const char* nhwc = std::getenv("SDSTUDIO_CHANNELS_LAST");
  const auto channelsLast = [nhwc](bool fallback) {
    return nhwc && std::strcmp(nhwc, "1") == 0 ? true : nhwc && std::strcmp(nhwc, "0") == 0 ? false : fallback;
  };
  ComputeDevice compute;
  const bool onCuda = preference == DevicePreference::Cuda;
  if (onCuda) {
    // (cuDNN's autotuner was measured on an H200 and changed nothing:
    // docs/performance.md; LibTorch's heuristics stay.)
    compute.device = c10::Device(c10::kCUDA, 0);
    compute.dtype = compute.networkDtype = c10::kHalf;
    applyCudaMemoryCap();
  } else if (preference == DevicePreference::CpuBf16) {
    compute.networkDtype = c10::kBFloat16;
  }
  compute.channelsLast = channelsLast(onCuda);
  return compute;
}

ComputeDevice exactNetworks(ComputeDevice compute) {
  compute.networkDtype = compute.dtype;
  return compute;
}

std::string_view dtypeName(c10::ScalarType dtype) {
  switch (dtype) {
    case c10::kHalf: return "float16";
    case c10::kBFloat16: return "bfloat16";
    case c10::kFloat: return "float32";
    default: return c10::toString(dtype);
  }
}

std::string ComputeDevice::describe() const { return device.str() + " (" + std::string(dtypeName(networkDtype)) + ")"; }

}  // namespace sd
