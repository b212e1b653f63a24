// The CPU block cache (core/nn/cpu_block_cache.h) hands a freed big block to
// the next tensor of the same size, keeps small tensors out, respects its
// limit and gives everything back on release.
#include <QtTest>

#include "core/nn/aten.h"
#include <ATen/ops/empty.h>
#include <ATen/ops/ones.h>

#include <c10/core/CPUAllocator.h>

#include "core/nn/cpu_block_cache.h"

using namespace sd;

class TestCpuBlockCache : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    qunsetenv("SDSTUDIO_CPU_CACHE_MB");
    enableCpuBlockCache(std::size_t{64} << 20);
  }

  void aFreedBlockServesTheNextTensorOfItsSize() {
    c10::InferenceMode guard;
    const auto before = cpuBlockCacheStats();
    void* first = nullptr;
    {
      const auto t = at::ones({4, 1024, 1024});  // 16 MiB
      first = t.data_ptr();
      QCOMPARE(t.sum().item<double>(), 4.0 * 1024 * 1024);
    }
    QCOMPARE(cpuBlockCacheStats().cachedBytes, before.cachedBytes + (std::size_t{16} << 20));
    const auto again = at::empty({4, 1024, 1024});
    QCOMPARE(again.data_ptr(), first);
    QCOMPARE(cpuBlockCacheStats().hits, before.hits + 1);
    QCOMPARE(cpuBlockCacheStats().cachedBytes, before.cachedBytes);
  }

  void smallTensorsKeepLibTorchsAllocator() {
    c10::InferenceMode guard;
    const auto before = cpuBlockCacheStats();
    { const auto t = at::ones({1000}); }
    const auto after = cpuBlockCacheStats();
    QCOMPARE(after.hits + after.misses, before.hits + before.misses);
  }

  void blocksRoundUpSoNearSizesShare() {
    c10::InferenceMode guard;
    void* first = nullptr;
    { first = at::empty({(3 << 20) / 4}).data_ptr(); }   // 3 MiB → a 4 MiB block
    const auto near = at::empty({(3 << 20) / 4 + 100});  // a little more: the same block
    QCOMPARE(near.data_ptr(), first);
  }

  void theLimitHolds() {
    c10::InferenceMode guard;
    {
      const auto a = at::empty({40 << 20 >> 2}), b = at::empty({20 << 20 >> 2}), c = at::empty({30 << 20 >> 2});
      QVERIFY(a.defined() && b.defined() && c.defined());
    }  // 90 MiB freed into a 64 MiB cache
    QVERIFY(cpuBlockCacheStats().cachedBytes <= std::size_t{64} << 20);
    { const auto huge = at::empty({100 << 20 >> 2}); }  // above the limit: never kept
    QVERIFY(cpuBlockCacheStats().cachedBytes <= std::size_t{64} << 20);
  }

  // oneDNN allocates its scratch through raw_allocate / raw_deallocate.
  void rawAllocationsWork() {
    auto* allocator = c10::GetCPUAllocator();
    for (const std::size_t bytes : {std::size_t{100}, std::size_t{8} << 20}) {
      void* p = allocator->raw_allocate(bytes);
      QVERIFY(p);
      static_cast<char*>(p)[bytes - 1] = 1;
      allocator->raw_deallocate(p);
    }
  }

  void releaseGivesEverythingBack() {
    c10::InferenceMode guard;
    { const auto t = at::empty({8 << 20 >> 2}); }
    QVERIFY(cpuBlockCacheStats().cachedBytes > 0);
    releaseCpuBlockCache();
    QCOMPARE(cpuBlockCacheStats().cachedBytes, std::size_t{0});
    // Still usable afterwards.
    const auto t = at::ones({8 << 20 >> 2});
    QCOMPARE(t.sum().item<double>(), double(8 << 20 >> 2));
  }
};

QTEST_GUILESS_MAIN(TestCpuBlockCache)
#include "test_cpu_block_cache.moc"
