#include "core/nn/cuda_memory.h"

#include "core/nn/compute_device.h"

#ifdef SDSTUDIO_TORCH_HAS_CUDA
#include <ATen/ops/empty.h>
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace sd {

#ifdef SDSTUDIO_TORCH_HAS_CUDA
namespace {

// The caching allocator sets itself up on the first CUDA allocation; before
// that its statistics calls throw "Invalid device argument" (measured on
// LibTorch 2.11, where `bench --device cuda` asked for them before loading).
void initialiseCudaAllocator() { (void)at::empty({1}, at::TensorOptions().device(at::kCUDA)); }

}  // namespace
#endif

void resetCudaPeakMemory() {
#ifdef SDSTUDIO_TORCH_HAS_CUDA
  if (!cudaAvailable()) return;
  initialiseCudaAllocator();
  c10::cuda::CUDACachingAllocator::resetPeakStats(0);
#endif
}

double cudaPeakAllocatedMb() {
#ifdef SDSTUDIO_TORCH_HAS_CUDA
  if (!cudaAvailable()) return 0.0;
  initialiseCudaAllocator();
  // Index 0 of every statistic is the aggregate over pool kinds (StatType).
  const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(0);
  return static_cast<double>(stats.allocated_bytes[0].peak) / (1024.0 * 1024.0);
#else
  return 0.0;
#endif
}

}  // namespace sd
