#pragma once
// LibTorch's CUDA caching allocator, seen from the outside: how much device
// memory the engine took at its peak. Zero in a build without CUDA.
namespace sd {

// Starts a new peak measurement on CUDA device 0.
void resetCudaPeakMemory();
// Peak bytes allocated on device 0 since the last reset, in MiB (0: no CUDA).
double cudaPeakAllocatedMb();

// What the next allocations on device 0 can still get, in bytes: the
// driver's free memory plus what the caching allocator holds unused, within
// the cap below. Zeros without CUDA.
struct CudaMemoryRoom {
  double availableBytes = 0;
  double totalBytes = 0;  // the GPU's, or the cap where one is set
};
CudaMemoryRoom cudaMemoryRoom();
// Gives the allocator's unused blocks back (after an out-of-memory error,
// before a retry that needs them in one piece).
void releaseCudaCache();
// SDSTUDIO_CUDA_MEMORY_GB=N caps what the allocator may take on device 0 at
// N GiB (setMemoryFraction), so a large GPU behaves as a small card would:
// how the 4 GB and 8 GB runs of scripts/gpu_check.py are made. Called once
// when the engine picks CUDA; an unusable value is an error naming it.
void applyCudaMemoryCap();

}  // namespace sd
