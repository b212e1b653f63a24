#include "core/util/parallel_each.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace sd {

void forEachInParallel(std::size_t count, int threads, const std::function<void(std::size_t)>& work) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr firstError;
  std::mutex errorMutex;
  auto drain = [&] {
    while (!failed.load(std::memory_order_relaxed)) {
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= count) return;
      try {
        work(i);
      } catch (...) {
        const std::lock_guard lock(errorMutex);
        if (!firstError) firstError = std::current_exception();
        failed = true;
      }
    }
  };
  const auto helpers = static_cast<std::size_t>(std::max(1, threads)) - 1;
  std::vector<std::thread> pool;
  pool.reserve(std::min(helpers, count));
  for (std::size_t t = 0; t < helpers && t + 1 < count; ++t) {
    try {
      pool.emplace_back(drain);
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the ones running (and this one) do the rest
    }
  }
  drain();
  for (auto& thread : pool) thread.join();
  if (firstError) std::rethrow_exception(firstError);
}

}  // namespace sd
