#pragma once
// Finding the NVIDIA driver and GPU before LibTorch touches CUDA, so the
// window and the CLI can say in one line what was found, what this build
// needs, and where inference will run.
//
// LibTorch alone cannot say why CUDA is missing: with no driver, a driver too
// old for the CUDA runtime it carries, or a GPU older than its kernels, it
// reports "no CUDA" (at most a warning on stderr) and the program would run
// on the CPU without a word. The probe asks the driver itself (libcuda.so.1
// and NVML's libnvidia-ml.so.1, both installed with the NVIDIA driver, opened
// with dlopen: nothing links them) and compares with what the build needs.
// No torch here: the window's panels read the result as a plain value.
#include <cstdint>
#include <string>

#include "core/nn/device_preference.h"

namespace sd {

// What this build's CUDA side needs of a machine (gpu_requirements.cpp,
// from the LibTorch it was built against).
struct CudaRequirements {
  bool buildHasCuda = false;
  std::string runtime;          // the bundled CUDA runtime: "12.8" ("" without CUDA)
  int minDriverCuda = 0;        // cuDriverGetVersion() at least this: 12000 for CUDA 12.x
  std::string minDriverRelease; // the same as an NVIDIA driver release: "525.60.13"
  int minComputeCapability = 0; // major*10+minor of the oldest GPU it has kernels for: 70
  std::string kernels;          // "sm_70 sm_75 ... sm_120" ("" when unknown)
};

// This build's requirements.
const CudaRequirements& buildCudaRequirements();

struct GpuProbe {
  enum class Verdict {
    Usable,         // a GPU this build can run on
    BuildHasNoCuda, // a CPU-only build (Debian's LibTorch): a GPU may be there, unused
    NoDriver,       // libcuda.so.1 cannot be opened: no NVIDIA driver
    DriverFailed,   // the driver is there but cuInit failed (e.g. no device node, a mismatched kernel module)
    NoDevice,       // the driver sees no GPU
    DriverTooOld,   // the driver predates the bundled CUDA runtime
    GpuTooOld,      // the GPU is older than the oldest architecture this build has kernels for
  };
  Verdict verdict = Verdict::NoDriver;
  std::string driverRelease;   // "570.86.15" (NVML; "" when unknown)
  int driverCuda = 0;          // the CUDA version the driver supports, as cuDriverGetVersion: 12080
  std::string gpuName;         // "NVIDIA GeForce RTX 3060" ("" when none)
  int computeCapability = 0;   // major*10+minor: 86
  std::uint64_t totalBytes = 0;
  std::uint64_t freeBytes = 0; // 0 when NVML could not say
  std::string detail;          // the driver's own words when something failed
  bool usable() const { return verdict == Verdict::Usable; }
};

// Probes the first CUDA device with the given driver libraries (the real
// ones by default; tests pass a fake libcuda). Never throws.
GpuProbe probeNvidiaGpu(const CudaRequirements& needs = buildCudaRequirements(),
                        const std::string& cudaLibrary = "libcuda.so.1",
                        const std::string& nvmlLibrary = "libnvidia-ml.so.1");

// The probe of this process, made once (thread-safe) and kept.
const GpuProbe& machineGpu();

// One line: what was found and what it means, e.g.
// "GPU: NVIDIA GeForce RTX 3060 · 12.0 GB, 11.3 GB free · driver 570.86.15 · CUDA 12.8"
// "No GPU used: the NVIDIA driver 470.256.02 supports CUDA 11.4, this build's CUDA 12.8 needs 525.60.13 or newer"
std::string describeGpu(const GpuProbe& probe, const CudaRequirements& needs = buildCudaRequirements());

// Where a choice of device runs and why, in one line for the window's model
// panel and the CLI (before the first step), e.g.
// "GPU: NVIDIA GeForce RTX 3060 · 12.0 GB, 11.3 GB free · driver 570.86.15 · CUDA 12.8"
// "CPU, bfloat16 fast mode. No GPU used: no NVIDIA driver was found (...)"
// "CPU, float32 (chosen; the GPU is not used)"
// `cudaUsable`: the probe's GPU and LibTorch agree (cudaAvailable()).
std::string describeDeviceChoice(DevicePreference preference, const GpuProbe& probe, bool cudaUsable, bool cpuFastBf16,
                                 const CudaRequirements& needs = buildCudaRequirements());

// "12.0 GB" (GiB, one decimal).
std::string formatGigabytes(std::uint64_t bytes);

}  // namespace sd
