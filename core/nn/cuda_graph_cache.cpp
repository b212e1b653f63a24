#include "core/nn/cuda_graph_cache.h"

#include <cstdlib>
#include <cstring>
#include <list>
#include <string>

#include "core/util/interruption.h"

#ifdef SDSTUDIO_TORCH_HAS_CUDA
#include <ATen/cuda/CUDAEvent.h>
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#include <cuda_runtime_api.h>
#endif

namespace sd {

bool CudaGraphCache::enabled() {
#ifdef SDSTUDIO_TORCH_HAS_CUDA
  static const bool on = [] {
    const char* value = std::getenv("SDSTUDIO_CUDA_GRAPHS");
    return !(value && std::strcmp(value, "0") == 0);
  }();
  return on;
#else
  return false;
#endif
}

#ifdef SDSTUDIO_TORCH_HAS_CUDA
namespace {

// What a graph was captured for: every input's shape, dtype and device.
std::string shapeKey(const std::vector<at::Tensor>& inputs) {
  std::string key;
  for (const auto& t : inputs) {
    key.append(c10::toString(t.scalar_type())).append(t.device().str());
    for (const auto size : t.sizes()) key.append(",").append(std::to_string(size));
    key.append(";");
  }
  return key;
}

// The sync debug mode off for a while: capturing synchronises once, which
// is fine (it happens once per shape), but the denoising loop's
// CudaSyncCheck would treat it as an error.
class SyncDebugPause {
 public:
  SyncDebugPause() : m_previous(c10::cuda::warning_state().get_sync_debug_mode()) {
    c10::cuda::warning_state().set_sync_debug_mode(c10::cuda::SyncDebugMode::L_DISABLED);
  }
  ~SyncDebugPause() { c10::cuda::warning_state().set_sync_debug_mode(m_previous); }

 private:
  c10::cuda::SyncDebugMode m_previous;
};

// `waiter` runs what is queued next only after what `on` has queued so far
// (an event, never a host wait).
void waitFor(const c10::cuda::CUDAStream& waiter, const c10::cuda::CUDAStream& on) {
  at::cuda::CUDAEvent done;
  done.record(on);
  done.block(waiter);
}

}  // namespace

struct CudaGraphCache::Impl {
  struct Entry {
    std::string key;
    int eagerRuns = 0;
    bool failed = false;
    std::unique_ptr<at::cuda::CUDAGraph> graph;
    std::vector<at::Tensor> staticInputs;
    at::Tensor staticOutput;
  };
  int capacity;
  std::list<Entry> entries;  // most recently used first
  Counts counts;

  Entry& entryFor(const std::string& key) {
    for (auto it = entries.begin(); it != entries.end(); ++it)
      if (it->key == key) {
        entries.splice(entries.begin(), entries, it);
        return entries.front();
      }
    entries.emplace_front();
    entries.front().key = key;
    while (static_cast<int>(entries.size()) > capacity) entries.pop_back();
    return entries.front();
  }

  // Captures forward over copies of `inputs` on a side stream (capture is
  // not allowed on the default stream); false when capture failed.
  bool capture(Entry& e, const std::vector<at::Tensor>& inputs, const Forward& forward) {
    const SyncDebugPause pause;
    // Interruption points run on the host while capturing, not at replay:
    // a cancel must not throw out of the middle of a capture.
    const InterruptionScope noCancelWhileCapturing([](double) {});
    const auto main = c10::cuda::getCurrentCUDAStream();
    const auto side = c10::cuda::getStreamFromPool();
    // The input buffers belong to the stream that fills them before each replay.
    for (const auto& t : inputs) e.staticInputs.push_back(t.clone());
    waitFor(side, main);
    try {
      const c10::cuda::CUDAStreamGuard onSide(side);
      // One eager pass on the capture stream first: cuBLAS and cuDNN set up
      // per-stream state lazily, which must not happen during capture.
      (void)forward(e.staticInputs);
      e.graph = std::make_unique<at::cuda::CUDAGraph>();
      e.graph->capture_begin({0, 0}, cudaStreamCaptureModeThreadLocal);
      try {
        e.staticOutput = forward(e.staticInputs);
      } catch (...) {
        try {
          e.graph->capture_end();
        } catch (...) {
        }
        throw;
      }
      e.graph->capture_end();
    } catch (const std::exception&) {
      (void)cudaGetLastError();  // the invalidated capture's error is not ours to report later
      waitFor(main, side);
      e.graph.reset();
      e.staticInputs.clear();
      e.staticOutput = at::Tensor();
      e.failed = true;
      ++counts.failures;
      return false;
    }
    waitFor(main, side);
    ++counts.captures;
    return true;
  }

  at::Tensor replay(Entry& e, const std::vector<at::Tensor>& inputs) {
    for (std::size_t i = 0; i < inputs.size(); ++i) e.staticInputs[i].copy_(inputs[i], /*non_blocking=*/true);
    e.graph->replay();
    ++counts.replays;
    // The next replay overwrites the output buffer; schedulers keep outputs.
    return e.staticOutput.clone();
  }
};

CudaGraphCache::CudaGraphCache(int capacity) : m_impl(std::make_unique<Impl>()) { m_impl->capacity = capacity; }
CudaGraphCache::~CudaGraphCache() = default;

at::Tensor CudaGraphCache::run(const std::vector<at::Tensor>& inputs, const Forward& forward) {
  if (!enabled() || inputs.empty() || !inputs.front().is_cuda()) return forward(inputs);
  auto& e = m_impl->entryFor(shapeKey(inputs));
  if (e.failed) return forward(inputs);
  if (!e.graph) {
    if (e.eagerRuns++ == 0) return forward(inputs);
    if (!m_impl->capture(e, inputs, forward)) return forward(inputs);
  }
  return m_impl->replay(e, inputs);
}

void CudaGraphCache::clear() { m_impl->entries.clear(); }

CudaGraphCache::Counts CudaGraphCache::counts() const { return m_impl->counts; }

#else  // LibTorch without CUDA: always eager

struct CudaGraphCache::Impl {
  Counts counts;
};

CudaGraphCache::CudaGraphCache(int) : m_impl(std::make_unique<Impl>()) {}
CudaGraphCache::~CudaGraphCache() = default;
at::Tensor CudaGraphCache::run(const std::vector<at::Tensor>& inputs, const Forward& forward) {
  return forward(inputs);
}
void CudaGraphCache::clear() {}
CudaGraphCache::Counts CudaGraphCache::counts() const { return m_impl->counts; }

#endif

}  // namespace sd
