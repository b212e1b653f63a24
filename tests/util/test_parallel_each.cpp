// forEachInParallel (core/util/parallel_each.h), which the weight loader
// reads tensors with: every index runs exactly once on up to the asked
// threads, and a job's error reaches the caller and stops the hand-out.
#include <QtTest>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/util/parallel_each.h"

using namespace sd;

class TestParallelEach : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void everyIndexRunsOnce() {
    for (const int threads : {1, 2, 3, 8}) {
      std::vector<std::atomic<int>> runs(1000);
      forEachInParallel(runs.size(), threads, [&](std::size_t i) { ++runs[i]; });
      for (std::size_t i = 0; i < runs.size(); ++i) QCOMPARE(runs[i].load(), 1);
    }
  }

  void runsOnSeveralThreadsButNoMoreThanAsked() {
    std::mutex mutex;
    std::set<std::thread::id> seen;
    std::atomic<int> inside{0}, mostInside{0};
    forEachInParallel(64, 3, [&](std::size_t) {
      const int now = ++inside;
      for (int most = mostInside; now > most && !mostInside.compare_exchange_weak(most, now);) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      {
        const std::lock_guard lock(mutex);
        seen.insert(std::this_thread::get_id());
      }
      --inside;
    });
    QVERIFY(seen.size() >= 2);  // 64 sleeping jobs: the helpers get some
    QVERIFY(seen.size() <= 3);
    QVERIFY(mostInside.load() <= 3);
    QVERIFY(seen.count(std::this_thread::get_id()));  // the caller works too
  }

  void nothingToDoIsFine() {
    bool ran = false;
    forEachInParallel(0, 4, [&](std::size_t) { ran = true; });
    QVERIFY(!ran);
  }

  void theFirstErrorReachesTheCallerAndStopsTheRest() {
    std::atomic<int> started{0};
    try {
      forEachInParallel(10000, 2, [&](std::size_t i) {
        ++started;
        if (i == 5) throw std::runtime_error("tensor 5 is truncated");
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      });
      QFAIL("the job's error was swallowed");
    } catch (const std::runtime_error& e) {
      QCOMPARE(QString(e.what()), QString("tensor 5 is truncated"));
    }
    QVERIFY2(started.load() < 100, "jobs kept being handed out after the error");
  }
};

QTEST_APPLESS_MAIN(TestParallelEach)
#include "test_parallel_each.moc"
