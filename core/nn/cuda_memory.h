#pragma once
// LibTorch's CUDA caching allocator, seen from the outside: how much device
// memory the engine took at its peak. Zero in a build without CUDA.
namespace sd {

// Starts a new peak measurement on CUDA device 0.
void resetCudaPeakMemory();
// Peak bytes allocated on device 0 since the last reset, in MiB (0: no CUDA).
double cudaPeakAllocatedMb();

}  // namespace sd
