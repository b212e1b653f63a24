#include "core/nn/device_copy.h"

namespace sd {

at::Tensor toDeviceAsync(const at::Tensor& cpu, c10::Device device, c10::ScalarType dtype) {
  if (!device.is_cuda() || !cpu.device().is_cpu()) return cpu.to(device, dtype);
  // The caching host allocator keeps the pinned block alive until the copy
  // has run, so the temporary may go out of scope here.
  return cpu.to(dtype).pin_memory().to(device, dtype, /*non_blocking=*/true);
}

}  // namespace sd
