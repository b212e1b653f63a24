// Reading the machine's load from /proc and choosing a thread count from it
// (core/util/cpu_load.h): the parsers on real and awkward texts, the
// arithmetic on worked examples.
#include <QtTest>

#include "core/util/cpu_load.h"

using namespace sd;

class TestCpuLoad : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void machineBusyTimeLeavesOutIdleAndIowait() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    const auto busy = parseMachineBusyTicks("cpu  100 20 30 5000 70 1 2 9 0 0\ncpu0 50 10 15 2500 35 0 1 4 0 0\n");
    QVERIFY(busy);
    QCOMPARE(*busy, 100ull + 20 + 30 + 1 + 2 + 9);
  }

  void malformedStatTextsAreRejected() {
    QVERIFY(!parseMachineBusyTicks(""));
    QVERIFY(!parseMachineBusyTicks("cpu0 1 2 3 4 5 6 7 8\n"));  // not the machine's line
    QVERIFY(!parseMachineBusyTicks("cpu 1 2 3\n"));              // too short
    QVERIFY(!parseOwnTicks("1234 (sdstudio"));                   // no closing parenthesis
    QVERIFY(!parseOwnTicks("1234 (x) S 1 2 3"));                 // cut short before utime
  }

  void ownTimeIsCountedFromTheLastParenthesis() {
    // A command name may hold spaces and ')': fields count from the last one.
    const QByteArray text = "4242 (my (odd) name) R 1 4242 4242 0 -1 4194304 1000 0 0 0 731 69 0 0 20 0 3 0 100\n";
    const auto own = parseOwnTicks(text.toStdString());
    QVERIFY(own);
    QCOMPARE(*own, 731ull + 69);
  }

  void othersAreTheMachinesBusyTimeLessOurs() {
    const CpuTimes before{1000, 400}, after{1300, 550};  // 300 ticks busy, 150 of them ours
    QCOMPARE(otherProcessesCores(before, after, 1.0, 100), 1.5);
    QCOMPARE(otherProcessesCores(before, after, 0.0, 100), 0.0);     // no time passed
    QCOMPARE(otherProcessesCores(after, before, 1.0, 100), 0.0);     // counters went backwards
    QCOMPARE(otherProcessesCores({1000, 400}, {1100, 520}, 1.0, 100), 0.0);  // never negative
  }

  void threadsAreWhatOthersLeave() {
    QCOMPARE(threadsForLoad(2, 2, 0.05), 2);  // quiet
    QCOMPARE(threadsForLoad(2, 2, 0.67), 1);  // a busy process beside our two threads
    QCOMPARE(threadsForLoad(2, 2, 1.0), 1);   // ... and beside our one thread
    QCOMPARE(threadsForLoad(2, 2, 3.0), 1);   // never fewer than one
    QCOMPARE(threadsForLoad(16, 16, 4.0), 12);
    QCOMPARE(threadsForLoad(16, 15, 0.0), 15);  // never more than the ceiling
    QCOMPARE(threadsForLoad(4, 4, 0.3), 4);   // a core busy a third of the time still counts as ours
  }
};

QTEST_GUILESS_MAIN(TestCpuLoad)
#include "test_cpu_load.moc"
