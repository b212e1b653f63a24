#include "core/nn/cuda_memory.h"

#include "core/nn/compute_device.h"

#ifdef SDSTUDIO_TORCH_HAS_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace sd {

void resetCudaPeakMemory() {
#ifdef SDSTUDIO_TORCH_HAS_CUDA
  if (cudaAvailable()) c10::cuda::CUDACachingAllocator::resetPeakStats(0);
#endif
}

double cudaPeakAllocatedMb() {
#ifdef SDSTUDIO_TORCH_HAS_CUDA
  if (!cudaAvailable()) return 0.0;
  // Index 0 of every statistic is the aggregate over pool kinds (StatType).
  const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(0);
  return static_cast<double>(stats.allocated_bytes[0].peak) / (1024.0 * 1024.0);
#else
  return 0.0;
#endif
}

}  // namespace sd
