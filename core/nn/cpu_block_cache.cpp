#include "core/nn/cpu_block_cache.h"

#include <sys/mman.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <new>
#include <unordered_map>

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>

#include "core/nn/torch_features.h"

namespace sd {

namespace {

constexpr std::size_t kSmallest = std::size_t{1} << 20;  // below: LibTorch's own allocator
constexpr std::size_t kGranule = std::size_t{2} << 20;   // a transparent huge page
constexpr uint8_t kPriority = 50;  // above LibTorch's default, below test hooks (100)

class BlockCacheAllocator final : public c10::Allocator {
 public:
  explicit BlockCacheAllocator(c10::Allocator* small) : m_small(small) {}

#if SD_TORCH_MUTABLE_ALLOCATOR
  c10::DataPtr allocate(size_t n) override { return allocateBlock(n); }
  void copy_data(void* dest, const void* src, std::size_t count) const override { default_copy_data(dest, src, count); }
#else
  c10::DataPtr allocate(size_t n) const override { return allocateBlock(n); }
#endif
  // oneDNN allocates through raw_allocate, which needs the context to be the
  // data pointer and a raw deleter: so a block's size is looked up by address.
  c10::DeleterFnPtr raw_deleter() const override { return &BlockCacheAllocator::giveBack; }

  void setLimit(std::size_t bytes) {
    std::lock_guard lock(m_mutex);
    m_limit = bytes;
    trimTo(m_limit);
  }

  void release() {
    std::lock_guard lock(m_mutex);
    trimTo(0);
  }

  CpuBlockCacheStats stats() const {
    std::lock_guard lock(m_mutex);
    return m_stats;
  }

 private:
  c10::DataPtr allocateBlock(size_t n) const {
    if (n < kSmallest) return m_small->allocate(n);
    const std::size_t bytes = (n + kGranule - 1) / kGranule * kGranule;
    void* address = takeCached(bytes);
    if (!address) address = mapBlock(bytes);
    {
      std::lock_guard lock(m_mutex);
      m_live.emplace(address, bytes);
    }
    return {address, address, &BlockCacheAllocator::giveBack, c10::Device(c10::DeviceType::CPU)};
  }

  void* takeCached(std::size_t bytes) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_free.find(bytes);
    if (it == m_free.end()) {
      ++m_stats.misses;
      return nullptr;
    }
    void* address = it->second;
    m_free.erase(it);
    m_stats.cachedBytes -= bytes;
    ++m_stats.hits;
    return address;
  }

  static void* mapBlock(std::size_t bytes) {
    void* address = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (address == MAP_FAILED) throw std::bad_alloc();
    ::madvise(address, bytes, MADV_HUGEPAGE);  // advice only: fine where THP is off
    return address;
  }

  static void giveBack(void* context);

  // Small blocks go back to LibTorch's allocator; big ones into the cache.
  void free(void* address) {
    std::unique_lock lock(m_mutex);
    const auto live = m_live.find(address);
    if (live == m_live.end()) {
      lock.unlock();
      m_small->raw_deleter()(address);
      return;
    }
    const std::size_t bytes = live->second;
    m_live.erase(live);
    if (bytes > m_limit) {
      ::munmap(address, bytes);
      return;
    }
    trimTo(m_limit - bytes);
    m_free.emplace(bytes, address);
    m_stats.cachedBytes += bytes;
  }

  // Unmaps cached blocks, largest first, until at most `bytes` stay cached.
  void trimTo(std::size_t bytes) {
    while (m_stats.cachedBytes > bytes && !m_free.empty()) {
      const auto largest = std::prev(m_free.end());
      ::munmap(largest->second, largest->first);
      m_stats.cachedBytes -= largest->first;
      m_free.erase(largest);
    }
  }

  c10::Allocator* m_small;
  mutable std::mutex m_mutex;
  mutable std::multimap<std::size_t, void*> m_free;  // size → free block
  mutable std::unordered_map<void*, std::size_t> m_live;  // address → size of each block in use
  mutable CpuBlockCacheStats m_stats;
  std::size_t m_limit = 0;
};

// Never destroyed: tensors may be freed during static destruction.
BlockCacheAllocator* g_cache = nullptr;
std::once_flag g_installed;

void BlockCacheAllocator::giveBack(void* address) { g_cache->free(address); }

}  // namespace

void enableCpuBlockCache(std::size_t limitBytes) {
  // SDSTUDIO_CPU_CACHE_MB overrides the limit; 0 leaves LibTorch's allocator
  // alone (to measure what the cache is worth: bench with and without).
  if (const char* env = std::getenv("SDSTUDIO_CPU_CACHE_MB"); env && *env) {
    const long long mb = std::atoll(env);
    if (mb <= 0) return;
    limitBytes = static_cast<std::size_t>(mb) << 20;
  }
  std::call_once(g_installed, [] {
    g_cache = new BlockCacheAllocator(c10::GetCPUAllocator());
    c10::SetCPUAllocator(g_cache, kPriority);
  });
  g_cache->setLimit(limitBytes);
}

void releaseCpuBlockCache() {
  if (g_cache) g_cache->release();
}

CpuBlockCacheStats cpuBlockCacheStats() { return g_cache ? g_cache->stats() : CpuBlockCacheStats{}; }

}  // namespace sd
