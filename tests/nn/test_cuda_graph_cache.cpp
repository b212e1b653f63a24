// CudaGraphCache off the GPU: a pass-through. On the CPU (and in a LibTorch
// without CUDA) every call runs the forward itself, on the caller's own
// tensors, and nothing is captured or kept. The GPU side (capture on the
// second call, replay, the images equal to eager ones) is checked on CUDA by
// scripts/gpu-check.sh ("CUDA graphs vs eager").
#include <QtTest>

#include <ATen/ops/ones.h>

#include "core/nn/cuda_graph_cache.h"

using namespace sd;

class TestCudaGraphCache : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void cpuTensorsRunEagerlyEveryTime() {
    CudaGraphCache cache;
    int calls = 0;
    const auto x = at::ones({2, 3});
    at::Tensor seen;
    const auto forward = [&](const std::vector<at::Tensor>& in) {
      ++calls;
      seen = in[0];
      return in[0] * 2 + in[1];
    };
    for (int i = 0; i < 4; ++i) {
      const auto y = cache.run({x, at::ones({2, 3}) * i}, forward);
      QCOMPARE(y.sum().item<float>(), static_cast<float>(6 * (2 + i)));
      QVERIFY2(seen.is_same(x), "the forward sees the caller's tensor, not a copy");
    }
    QCOMPARE(calls, 4);
    QCOMPARE(cache.counts().captures, 0L);
    QCOMPARE(cache.counts().replays, 0L);
    cache.clear();
    QCOMPARE(cache.run({x, x}, forward).sum().item<float>(), 18.0f);
  }

  void exceptionsFromTheForwardReachTheCaller() {
    CudaGraphCache cache;
    const auto failing = [](const std::vector<at::Tensor>&) -> at::Tensor { throw std::runtime_error("model error"); };
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, cache.run({at::ones({1})}, failing));
  }
};

QTEST_APPLESS_MAIN(TestCudaGraphCache)
#include "test_cuda_graph_cache.moc"
