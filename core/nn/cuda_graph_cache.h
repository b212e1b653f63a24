#pragma once
// CUDA graphs for a forward pass that runs many times with the same shapes
// (the UNet, once per denoising step). Launching SD's UNet eagerly costs the
// host about as long as the GPU needs to run it; a captured graph replays
// all its kernels with one launch, so the host runs ahead and the GPU never
// waits for it.
//
// A forward is captured on its second call with a given set of input shapes
// and dtypes (the first runs eagerly and warms cuBLAS/cuDNN up), then
// replayed. Where a graph cannot be used the forward simply runs eagerly:
// on the CPU, in a LibTorch without CUDA, with SDSTUDIO_CUDA_GRAPHS=0 in the
// environment, or when capture fails (the shapes are then never tried again).
#include <functional>
#include <memory>
#include <vector>

#include "core/nn/aten.h"

namespace sd {

class CudaGraphCache {
 public:
  using Forward = std::function<at::Tensor(const std::vector<at::Tensor>& inputs)>;

  // Keeps at most `capacity` graphs (each holds its activations' memory);
  // the least recently used goes first.
  explicit CudaGraphCache(int capacity = 2);
  ~CudaGraphCache();
  CudaGraphCache(const CudaGraphCache&) = delete;
  CudaGraphCache& operator=(const CudaGraphCache&) = delete;

  // forward(inputs), through a graph where one can be used. The result is
  // the caller's own tensor (never the graph's output buffer).
  at::Tensor run(const std::vector<at::Tensor>& inputs, const Forward& forward);

  // Drops every graph: call it when the weights the forward reads were
  // replaced (a graph holds their addresses), e.g. after patching LoRAs.
  void clear();

  // Graphs replayed / captured / failed to capture so far (bench, tests).
  struct Counts {
    long replays = 0, captures = 0, failures = 0;
  };
  Counts counts() const;

  // False where SDSTUDIO_CUDA_GRAPHS=0 or LibTorch has no CUDA.
  static bool enabled();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace sd
