#include "core/util/threads.h"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <ATen/Parallel.h>

#include "core/util/cpu_load.h"

namespace sd {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kLookEvery = std::chrono::milliseconds(500);

std::atomic<bool> g_adaptive{false};
std::atomic<int> g_ceiling{1};
std::atomic<int> g_chosen{1};
std::atomic<double> g_othersCores{0.0};
std::atomic<Clock::rep> g_lastLook{0};
std::mutex g_lookMutex;
CpuTimes g_lastTimes;  // guarded by g_lookMutex
bool g_haveTimes = false;
thread_local int t_applied = 0;  // the count this thread's OpenMP runs with

int hardwareCores() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

using SetBlasThreads = void (*)(int);

SetBlasThreads openblasSetThreads() {
  static const auto set = reinterpret_cast<SetBlasThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  return set;
}

void applyHere(int threads) {
  at::set_num_threads(threads);  // OpenMP's count is per thread: this thread's from now on
  t_applied = threads;
}

void look(Clock::time_point now) {
  std::unique_lock lock(g_lookMutex, std::try_to_lock);
  if (!lock.owns_lock()) return;  // another thread is looking
  const auto times = readCpuTimes();
  const auto last = Clock::time_point(Clock::duration(g_lastLook.load()));
  if (times && g_haveTimes) {
    const double seconds = std::chrono::duration<double>(now - last).count();
    const double others = otherProcessesCores(g_lastTimes, *times, seconds, sysconf(_SC_CLK_TCK));
    g_othersCores = others;
    g_chosen = threadsForLoad(hardwareCores(), g_ceiling, others);
  }
  if (times) g_lastTimes = *times;
  g_haveTimes = times.has_value();
  g_lastLook = now.time_since_epoch().count();
}

}  // namespace

bool blasKeptSingleThreaded() { return openblasSetThreads() != nullptr; }

int configureTorchThreads(int threads, int reservedCores) {
  // OpenBLAS's pthreads pool beside torch's OpenMP threads oversubscribes
  // the cores: measured on 2 cores at 256², a UNet step took 6.9 s with both
  // pools at 2 threads and 4.8 s with OpenBLAS at one.
  if (const auto setBlasThreads = openblasSetThreads()) setBlasThreads(1);
  bool adaptive = false;
  if (const char* env = std::getenv("SDSTUDIO_THREADS"); threads <= 0 && env && std::atoi(env) > 0)
    threads = std::atoi(env);
  if (threads <= 0) {
    adaptive = true;
    threads = std::max(1, hardwareCores() - std::max(0, reservedCores));
  }
  g_ceiling = threads;
  g_chosen = threads;
  g_adaptive = adaptive;
  if (adaptive) look(Clock::now());  // the first reading, to measure from
  applyHere(threads);
  return at::get_num_threads();
}

void adaptTorchThreadsToLoad() {
  if (!g_adaptive.load(std::memory_order_relaxed)) return;
  const auto now = Clock::now();
  if (now - Clock::time_point(Clock::duration(g_lastLook.load(std::memory_order_relaxed))) >= kLookEvery) look(now);
  if (const int chosen = g_chosen.load(std::memory_order_relaxed); chosen != t_applied) applyHere(chosen);
}

TorchThreadPolicy torchThreadPolicy() {
  return {g_adaptive.load(), g_ceiling.load(), g_chosen.load(), g_othersCores.load()};
}

}  // namespace sd
