#include "core/nn/cuda_sync_check.h"

#include <cstdlib>
#include <string>

#ifdef SDSTUDIO_TORCH_HAS_CUDA
#include <c10/cuda/CUDAFunctions.h>
#endif

namespace sd {

#ifdef SDSTUDIO_TORCH_HAS_CUDA
namespace {

// -1: off; else the c10::cuda::SyncDebugMode to run under. Read once.
int requestedMode() {
  static const int mode = [] {
    const char* value = std::getenv("SDSTUDIO_CUDA_SYNC_CHECK");
    const std::string text = value ? value : "";
    if (text == "error") return static_cast<int>(c10::cuda::SyncDebugMode::L_ERROR);
    if (text == "warn") return static_cast<int>(c10::cuda::SyncDebugMode::L_WARN);
    return -1;
  }();
  return mode;
}

}  // namespace

CudaSyncCheck::CudaSyncCheck() {
  const int mode = requestedMode();
  if (mode < 0) return;
  auto& state = c10::cuda::warning_state();
  m_previous = static_cast<int>(state.get_sync_debug_mode());
  state.set_sync_debug_mode(static_cast<c10::cuda::SyncDebugMode>(mode));
}

CudaSyncCheck::~CudaSyncCheck() {
  if (m_previous >= 0)
    c10::cuda::warning_state().set_sync_debug_mode(static_cast<c10::cuda::SyncDebugMode>(m_previous));
}
#else
CudaSyncCheck::CudaSyncCheck() = default;
CudaSyncCheck::~CudaSyncCheck() = default;
#endif

}  // namespace sd
