// What this build's CUDA side needs of a machine, from the LibTorch it was
// built against (CMake writes the CUDA version and the kernels' architectures
// into build_info.h: cmake/SdstudioTorchCheck.cmake).
#include <cstdlib>
#include <sstream>

#include "core/nn/gpu_probe.h"
#include "core/util/build_info.h"

namespace sd {
namespace {

// The oldest driver each CUDA major version runs on: NVIDIA's "CUDA
// Compatibility" guide, minor version compatibility (Linux, x86_64). A
// CUDA 12.x runtime runs on any R525.60.13 or newer driver (which reports
// CUDA 12.0) as long as no PTX has to be compiled at run time, and
// LibTorch's wheels carry machine code for every architecture they list.
struct DriverFloor {
  int major;
  int minDriverCuda;
  const char* release;
};
constexpr DriverFloor kDriverFloors[] = {
    {11, 11000, "450.80.02"},
    {12, 12000, "525.60.13"},
    {13, 13000, "580.65.06"},
};

// "sm_70 sm_75 sm_120" -> 70; 0 when the list is empty or unreadable.
int oldestArchitecture(const std::string& kernels) {
  std::istringstream words(kernels);
  int oldest = 0;
  for (std::string word; words >> word;) {
    if (word.rfind("sm_", 0) != 0) continue;
    const int capability = std::atoi(word.c_str() + 3);
    if (capability > 0 && (oldest == 0 || capability < oldest)) oldest = capability;
  }
  return oldest;
}

CudaRequirements fromBuild() {
  CudaRequirements needs;
  needs.runtime = build::kTorchCudaVersion;
  needs.buildHasCuda = !needs.runtime.empty();
  needs.kernels = build::kTorchCudaArchs;
  needs.minComputeCapability = oldestArchitecture(needs.kernels);
  const int major = needs.buildHasCuda ? std::atoi(needs.runtime.c_str()) : 0;
  for (const auto& floor : kDriverFloors)
    if (floor.major == major) {
      needs.minDriverCuda = floor.minDriverCuda;
      needs.minDriverRelease = floor.release;
    }
  if (needs.buildHasCuda && needs.minDriverCuda == 0) {  // a CUDA newer than the table: its own version
    needs.minDriverCuda = major * 1000;
    needs.minDriverRelease = "one supporting CUDA " + needs.runtime;
  }
  return needs;
}

}  // namespace

const CudaRequirements& buildCudaRequirements() {
  static const CudaRequirements needs = fromBuild();
  return needs;
}

}  // namespace sd
