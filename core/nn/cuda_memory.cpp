#include "core/nn/cuda_memory.h"

#include "core/nn/compute_device.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "core/util/error.h"

#ifdef SDSTUDIO_TORCH_HAS_CUDA
#include <ATen/ops/empty.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <cuda_runtime_api.h>
#endif

namespace sd {

#ifdef SDSTUDIO_TORCH_HAS_CUDA
namespace {

// The caching allocator sets itself up on the first CUDA allocation; before
// that its statistics calls throw "Invalid device argument" (measured on
// LibTorch 2.11, where `bench --device cuda` asked for them before loading).
void initialiseCudaAllocator() { (void)at::empty({1}, at::TensorOptions().device(at::kCUDA)); }

double g_capBytes = 0;  // 0: no cap

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

CudaMemoryRoom cudaMemoryRoom() {
  CudaMemoryRoom room;
#ifdef SDSTUDIO_TORCH_HAS_CUDA
  if (!cudaAvailable()) return room;
  initialiseCudaAllocator();
  size_t freeBytes = 0, totalBytes = 0;
  if (cudaMemGetInfo(&freeBytes, &totalBytes) != cudaSuccess) return room;
  const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(0);
  const auto reserved = static_cast<double>(stats.reserved_bytes[0].current);
  const auto allocated = static_cast<double>(stats.allocated_bytes[0].current);
  room.totalBytes = static_cast<double>(totalBytes);
  room.availableBytes = static_cast<double>(freeBytes) + std::max(0.0, reserved - allocated);
  if (g_capBytes > 0) {
    room.totalBytes = std::min(room.totalBytes, g_capBytes);
    room.availableBytes = std::min(room.availableBytes, std::max(0.0, g_capBytes - allocated));
  }
#endif
  return room;
}

void releaseCudaCache() {
#ifdef SDSTUDIO_TORCH_HAS_CUDA
  if (cudaAvailable()) c10::cuda::CUDACachingAllocator::emptyCache();
#endif
}

void applyCudaMemoryCap() {
  const char* text = std::getenv("SDSTUDIO_CUDA_MEMORY_GB");
  if (!text || !*text) return;
  char* end = nullptr;
  const double gib = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(gib > 0.0))
    throw Error(std::string("SDSTUDIO_CUDA_MEMORY_GB='") + text + "' is not a positive number of GiB");
#ifdef SDSTUDIO_TORCH_HAS_CUDA
  if (!cudaAvailable()) return;
  initialiseCudaAllocator();
  size_t freeBytes = 0, totalBytes = 0;
  if (cudaMemGetInfo(&freeBytes, &totalBytes) != cudaSuccess || totalBytes == 0) return;
  g_capBytes = std::min(gib * 1024.0 * 1024.0 * 1024.0, static_cast<double>(totalBytes));
  c10::cuda::CUDACachingAllocator::setMemoryFraction(g_capBytes / static_cast<double>(totalBytes), 0);
#endif
}

}  // namespace sd
