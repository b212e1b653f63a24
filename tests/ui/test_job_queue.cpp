// The queue hands the worker one job at a time, only while a model is loaded;
// clear drops waiting jobs only; cancel names the running job.
#include <QSignalSpy>
#include <QtTest>

#include "ui/model/job_queue.h"

using namespace sd::ui;

namespace {
sd::GenerationRequest request(const std::string& prompt) {
  sd::GenerationRequest r;
  r.prompts = {prompt};
  return r;
}
}  // namespace

class TestJobQueue : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void waitsForAModel() {
    JobQueue queue;
    QSignalSpy dispatched(&queue, &JobQueue::dispatch);
    const int id = queue.enqueue(request("a"));
    QVERIFY(id > 0);
    QCOMPARE(dispatched.count(), 0);
    QCOMPARE(queue.pending().size(), 1);
    queue.setReady(true);
    QCOMPARE(dispatched.count(), 1);
    QCOMPARE(dispatched.first().first().value<StudioJob>().id, id);
    QVERIFY(queue.isBusy());
    QVERIFY(queue.pending().isEmpty());
  }

  void runsOneAtATimeInOrder() {
    JobQueue queue;
    queue.setReady(true);
    QSignalSpy dispatched(&queue, &JobQueue::dispatch);
    const int a = queue.enqueue(request("a"));
    const int b = queue.enqueue(request("b"));
    const int c = queue.enqueue(request("c"));
    QCOMPARE(dispatched.count(), 1);
    QCOMPARE(queue.pending().size(), 2);
    queue.onJobFinished(b);  // not the running one: ignored
    QCOMPARE(dispatched.count(), 1);
    queue.onJobFinished(a);
    QCOMPARE(dispatched.count(), 2);
    QCOMPARE(dispatched.last().first().value<StudioJob>().id, b);
    queue.onJobFinished(b);
    QCOMPARE(dispatched.last().first().value<StudioJob>().id, c);
    queue.onJobFinished(c);
    QVERIFY(!queue.isBusy());
  }

  void clearKeepsTheRunningJob() {
    JobQueue queue;
    queue.setReady(true);
    QSignalSpy dispatched(&queue, &JobQueue::dispatch);
    const int a = queue.enqueue(request("a"));
    queue.enqueue(request("b"));
    queue.enqueue(request("c"));
    queue.clearPending();
    QVERIFY(queue.pending().isEmpty());
    QCOMPARE(queue.running()->id, a);
    queue.onJobFinished(a);
    QCOMPARE(dispatched.count(), 1);
    QVERIFY(!queue.isBusy());
  }

  void removesOneWaitingJob() {
    JobQueue queue;
    queue.setReady(true);
    queue.enqueue(request("a"));
    const int b = queue.enqueue(request("b"));
    const int c = queue.enqueue(request("c"));
    QVERIFY(queue.removePending(b));
    QVERIFY(!queue.removePending(b));
    QCOMPARE(queue.pending().size(), 1);
    QCOMPARE(queue.pending().first().id, c);
  }

  void cancelNamesTheRunningJob() {
    JobQueue queue;
    QSignalSpy cancel(&queue, &JobQueue::cancelRequested);
    queue.cancelCurrent();  // idle: nothing to cancel
    QCOMPARE(cancel.count(), 0);
    queue.setReady(true);
    const int a = queue.enqueue(request("a"));
    queue.enqueue(request("b"));
    QSignalSpy changed(&queue, &JobQueue::changed);
    queue.cancelCurrent();
    QCOMPARE(cancel.count(), 1);
    QCOMPARE(cancel.first().first().toInt(), a);
    // Said at once (the panel shows "Cancelling…"), asked once.
    QVERIFY(queue.isCancelling());
    QCOMPARE(changed.count(), 1);
    queue.cancelCurrent();
    QCOMPARE(cancel.count(), 1);
    queue.onJobFinished(a);
    QVERIFY(!queue.isCancelling());  // b runs now, not cancelled
    QVERIFY(queue.isBusy());
  }
};

QTEST_MAIN(TestJobQueue)
#include "test_job_queue.moc"
