#include "core/nn/compute_device.h"

#include <cstdlib>
#include <cstring>

#include <ATen/Context.h>

#include "core/util/error.h"

namespace sd {

std::optional<DevicePreference> parseDevicePreference(std::string_view text) {
  if (text == "auto") return DevicePreference::Auto;
  if (text == "cpu") return DevicePreference::Cpu;
  if (text == "cuda" || text == "gpu") return DevicePreference::Cuda;
  return std::nullopt;
}

std::string_view devicePreferenceName(DevicePreference preference) {
  switch (preference) {
    case DevicePreference::Cpu: return "cpu";
    case DevicePreference::Cuda: return "cuda";
    default: return "auto";
  }
}

bool cudaAvailable() { return at::hasCUDA(); }

ComputeDevice resolveComputeDevice(DevicePreference preference) {
  const bool cuda = cudaAvailable();
  if (preference == DevicePreference::Cuda && !cuda)
    throw Error("device 'cuda' was requested, but this build of LibTorch or this machine has no CUDA device");
  // SDSTUDIO_CHANNELS_LAST: 1 on, 0 off; unset: on for CUDA, off on the CPU.
  const char* nhwc = std::getenv("SDSTUDIO_CHANNELS_LAST");
  const auto channelsLast = [nhwc](bool fallback) {
    return nhwc && std::strcmp(nhwc, "1") == 0 ? true : nhwc && std::strcmp(nhwc, "0") == 0 ? false : fallback;
  };
  if (preference == DevicePreference::Cpu || !cuda) return {c10::Device(c10::kCPU), c10::kFloat, channelsLast(false)};
  // (cuDNN's autotuner was measured on an H200 and changed nothing:
  // docs/performance.md; LibTorch's heuristics stay.)
  return {c10::Device(c10::kCUDA, 0), c10::kHalf, channelsLast(true)};
}

std::string ComputeDevice::describe() const {
  return device.str() + " (" + (dtype == c10::kHalf ? "float16" : "float32") + ")";
}

}  // namespace sd
