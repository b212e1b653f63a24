#pragma once
// Big CPU tensors recycled instead of mapped anew. glibc serves every block
// above 32 MB with a fresh mmap and unmaps it on free, so each activation of
// a full-size UNet step (20-270 MB, allocated and freed hundreds of times a
// step) costs the kernel's page faults and zeroing: measured here as a
// quarter of a step's CPU time. The cache keeps freed big blocks by size
// (rounded to 2 MiB, backed by transparent huge pages where the kernel
// allows) and hands them to the next tensor of the same size: a denoising
// loop allocates the same shapes every step. Bounded: past `limitBytes`
// the cache unmaps instead of keeping. No torch in this header.
#include <cstddef>

namespace sd {

struct CpuBlockCacheStats {
  std::size_t hits = 0, misses = 0;  // big allocations served from the cache / mapped anew
  std::size_t cachedBytes = 0;       // held now, free, for reuse
};

// Installs the cache as LibTorch's CPU allocator (once per process; later
// calls only change the limit). Blocks under 1 MiB keep LibTorch's allocator.
// SDSTUDIO_CPU_CACHE_MB=N overrides the limit; 0 leaves the allocator alone.
void enableCpuBlockCache(std::size_t limitBytes = std::size_t{1} << 30);

// Returns every cached block to the system (after a job: an idle studio
// should not hold a step's worth of free memory).
void releaseCpuBlockCache();

CpuBlockCacheStats cpuBlockCacheStats();

}  // namespace sd
