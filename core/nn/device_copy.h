#pragma once
// Host → device copies that do not stop the host. A plain tensor.to(cuda)
// from pageable memory waits until the GPU has drained its queue; inside the
// denoising loop that one wait per step keeps the CPU from running ahead of
// the GPU. Pinned memory + non_blocking lets the copy queue like a kernel.
#include <c10/core/Device.h>

#include "core/nn/aten.h"

namespace sd {

// `cpu` on `device` (and `dtype`); asynchronous where `device` is CUDA.
at::Tensor toDeviceAsync(const at::Tensor& cpu, c10::Device device, c10::ScalarType dtype);
inline at::Tensor toDeviceAsync(const at::Tensor& cpu, c10::Device device) {
  return toDeviceAsync(cpu, device, cpu.scalar_type());
}

}  // namespace sd
