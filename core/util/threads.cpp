#include "core/util/threads.h"

#include <cstdlib>
#include <thread>

#include <ATen/Parallel.h>

namespace sd {

int configureTorchThreads(int threads) {
  // SDSTUDIO_THREADS overrides (e.g. 1 on a machine busy with other work,
  // where spinning OpenMP threads wait on each other).
  if (const char* env = std::getenv("SDSTUDIO_THREADS"); threads <= 0 && env && std::atoi(env) > 0)
    threads = std::atoi(env);
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(threads);
  return at::get_num_threads();
}

}  // namespace sd
