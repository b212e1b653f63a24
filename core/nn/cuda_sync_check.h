#pragma once
// Proof that a stretch of code never makes the host wait for the GPU. With
// SDSTUDIO_CUDA_SYNC_CHECK=error in the environment (scripts/gpu-check.sh
// sets it), LibTorch's sync debug mode is "error" while a CudaSyncCheck is
// alive: any synchronising call (.item(), a blocking copy, nonzero()) throws
// instead of waiting. "warn" only warns. Otherwise, and without CUDA, it
// does nothing and costs one flag test.
namespace sd {

class CudaSyncCheck {
 public:
  CudaSyncCheck();
  ~CudaSyncCheck();
  CudaSyncCheck(const CudaSyncCheck&) = delete;
  CudaSyncCheck& operator=(const CudaSyncCheck&) = delete;

 private:
  int m_previous = -1;  // the mode to restore; -1: nothing was changed
};

}  // namespace sd
