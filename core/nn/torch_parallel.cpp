#include "core/nn/torch_parallel.h"

#ifndef _OPENMP
#error "torch_parallel.cpp must be compiled with OpenMP (core/nn/CMakeLists.txt), or at::parallel_for runs on one thread"
#endif

#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

namespace sd {

void forEachOnTorchThreads(int64_t count, const std::function<void(int64_t)>& task) {
  const bool inferenceMode = c10::InferenceMode::is_enabled();
  at::parallel_for(0, count, 1, [&](int64_t begin, int64_t end) {
    const c10::InferenceMode guard(inferenceMode);
    for (int64_t i = begin; i < end; ++i) task(i);
  });
}

}  // namespace sd
