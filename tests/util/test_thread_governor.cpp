// The thread governor (core/util/threads.h) runs on fewer threads while
// another process keeps a core busy, and a fixed count stays fixed.
#include <QtTest>

#include <chrono>
#include <cstdlib>
#include <thread>

#include <ATen/Parallel.h>

#include "core/util/busy_neighbour.h"
#include "core/util/threads.h"

using namespace sd;

namespace {

// Polls as the models' interruption points do until the governor chose
// `wanted` or fewer threads, for at most `seconds`.
bool governorSettlesAtMost(int wanted, double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    adaptTorchThreadsToLoad();
    if (torchThreadPolicy().current <= wanted) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace

class TestThreadGovernor : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { unsetenv("SDSTUDIO_THREADS"); }  // ctest fixes 1 thread; these tests choose

  void aFixedCountNeverAdapts() {
    QCOMPARE(configureTorchThreads(2), 2);
    QVERIFY(!torchThreadPolicy().adaptive);
    const BusyNeighbour neighbour;
    QVERIFY(!governorSettlesAtMost(1, 1.2));
    QCOMPARE(at::get_num_threads(), 2);
  }

  void aBusyProcessLeavesFewerThreads() {
    const int cores = static_cast<int>(std::thread::hardware_concurrency());
    if (cores < 2) QSKIP("one core: nothing to leave");
    configureTorchThreads();
    QVERIFY(torchThreadPolicy().adaptive);
    QCOMPARE(torchThreadPolicy().ceiling, cores);
    const BusyNeighbour neighbour;
    // It keeps at least half a core busy, so at most cores - 1 are left to us.
    QVERIFY2(governorSettlesAtMost(cores - 1, 5.0),
             qPrintable(QString("others measured at %1 cores").arg(torchThreadPolicy().othersCores)));
    QVERIFY(torchThreadPolicy().othersCores >= 0.5);
    QCOMPARE(at::get_num_threads(), torchThreadPolicy().current);  // applied to this thread's OpenMP
  }

  void theWindowKeepsACoreForItself() {
    const int cores = static_cast<int>(std::thread::hardware_concurrency());
    configureTorchThreads(0, 1);
    QCOMPARE(torchThreadPolicy().ceiling, std::max(1, cores - 1));
  }
};

QTEST_GUILESS_MAIN(TestThreadGovernor)
#include "test_thread_governor.moc"
