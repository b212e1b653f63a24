// Products split over torch's threads (core/nn/threaded_blas.h) give the
// plain operators' numbers: every row and every batch item lands where it
// belongs, with and without a bias, for shapes that do not divide evenly.
#include <QtTest>

#include <dlfcn.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include <ATen/ops/baddbmm.h>
#include <ATen/ops/bmm.h>
#include <ATen/ops/linear.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/zeros.h>

#include "core/nn/threaded_blas.h"
#include "core/nn/torch_parallel.h"
#include "core/util/threads.h"

using namespace sd;

namespace {

// fp32 products of a few hundred terms: a split may only change the order
// in which a BLAS kernel blocks its rows, never which terms a sum holds.
void expectClose(const at::Tensor& actual, const at::Tensor& expected) {
  QCOMPARE(actual.sizes().vec(), expected.sizes().vec());
  const double scale = expected.abs().max().item<double>();
  const double error = (actual - expected).abs().max().item<double>();
  QVERIFY2(error <= 1e-5 * scale, qPrintable(QString("max error %1 of %2").arg(error).arg(scale)));
}

}  // namespace

class TestThreadedBlas : public QObject {
  Q_OBJECT
  c10::InferenceMode m_inference;

 private Q_SLOTS:
  void initTestCase() {
    at::manual_seed(7);
    QCOMPARE(configureTorchThreads(2), 2);  // the split needs more than one thread
  }

  void torchsThreadsReallyShareTheWork() {
    // at::parallel_for compiled without OpenMP runs everything on the
    // caller's thread, and nothing but the time shows it: count the threads.
    std::mutex mutex;
    std::set<std::thread::id> seen;
    std::atomic<int> ran{0};
    bool inference = true;
    forEachOnTorchThreads(8, [&](int64_t) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      const std::lock_guard lock(mutex);
      seen.insert(std::this_thread::get_id());
      inference = inference && c10::InferenceMode::is_enabled();
      ++ran;
    });
    QCOMPARE(ran.load(), 8);
    QCOMPARE(int(seen.size()), 2);
    QVERIFY2(inference, "a worker lost the caller's InferenceMode");
  }

  void linearMatchesTheOperatorWithAndWithoutBias() {
    // 2·1031 rows: odd, so the two threads' parts differ in size; big enough to be split.
    const auto x = at::randn({2, 1031, 320});
    const auto weight = at::randn({640, 320});
    const auto bias = at::randn({640});
    expectClose(threadedLinear(x, weight, bias), at::linear(x, weight, bias));
    expectClose(threadedLinear(x, weight, at::Tensor()), at::linear(x, weight, at::Tensor()));
  }

  void linearTakesNonContiguousInput() {
    const auto x = at::randn({320, 2062}).t();  // [2062, 320], transposed storage
    const auto weight = at::randn({512, 320});
    expectClose(threadedLinear(x, weight, at::Tensor()), at::linear(x, weight, at::Tensor()));
  }

  void smallLinearLayersAreLeftWhole() {
    const auto x = at::randn({3, 8});
    const auto weight = at::randn({5, 8});
    QVERIFY(threadedLinear(x, weight, at::Tensor()).equal(at::linear(x, weight, at::Tensor())));
  }

  void batchedProductsMatchTheOperators() {
    // 17 batch items (odd) of [257, 40] × [40, 1024]: attention's shapes, scaled down.
    const auto a = at::randn({17, 257, 40});
    const auto b = at::randn({17, 40, 1024});
    auto scores = at::zeros({17, 257, 1024});
    threadedBaddbmm(scores, a, b, 1.0, 0.125);
    expectClose(scores, at::baddbmm(at::zeros({17, 257, 1024}), a, b, 1.0, 0.125));

    const auto v = at::randn({17, 1024, 40});
    auto out = at::empty({17, 257, 40});
    threadedBmm(out, scores, v);
    expectClose(out, at::bmm(scores, v));
  }

  void openBlasIsKeptToOneThread() {
    // Debian's LibTorch links OpenBLAS (its own pool: kept at one thread and
    // split here); LibTorch 2.x from PyPI uses MKL on torch's own threads.
    if (!blasKeptSingleThreaded()) QSKIP("this LibTorch's BLAS is not OpenBLAS");
    using GetThreads = int (*)();
    const auto get = reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    QVERIFY(get);
    QCOMPARE(get(), 1);
  }
};

QTEST_GUILESS_MAIN(TestThreadedBlas)
#include "test_threaded_blas.moc"
