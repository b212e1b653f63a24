#pragma once
// Resolving the user's device choice into a torch device and dtype.
#include <string>

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include "core/nn/device_preference.h"

namespace sd {

struct ComputeDevice {
  c10::Device device = c10::kCPU;
  c10::ScalarType dtype = c10::kFloat;  // fp16 on CUDA, fp32 on CPU
  std::string describe() const;          // "cpu (float32)", "cuda:0 (float16)"
};

// Throws when CUDA is asked for and this build or machine has none.
ComputeDevice resolveComputeDevice(DevicePreference preference);

}  // namespace sd
