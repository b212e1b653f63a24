// The window as a user found it in round two (issue 31): what it shows must
// be what it does. Each defect replayed on the real window and worker with
// the instant fake engines.
#include <QLabel>
#include <QStatusBar>
#include <QtTest>

#include "test_settings.h"

#include "studio_fixture.h"
#include "ui/panels/prompt_panel.h"

using namespace sd::ui;
using sd::test::kTimeout;
using sd::test::Studio;

class TestWindowRoundTwo : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void init() { sd::test::freshSettings("test_window_round_two"); }

  // Item 3: a request that failed said "Request #n done" under the red banner.
  void aFailedRequestSaysFailed() {
    Studio s;
    QVERIFY(s.ready());
    s.window.promptPanel()->setPrompt("a fox <lora:missing:1>");
    const int id = s.window.generate();
    QVERIFY(id > 0);
    QVERIFY(s.idle());
    const QString status = s.window.statusBar()->currentMessage();
    QVERIFY2(status.startsWith(QString("Request #%1 failed").arg(id)) && status.contains("missing"), qPrintable(status));
    QVERIFY(!status.contains("done"));
    // The next request that works says done again.
    s.window.promptPanel()->setPrompt("a fox");
    const int next = s.window.generate();
    QVERIFY(s.idle());
    QTRY_COMPARE_WITH_TIMEOUT(s.window.statusBar()->currentMessage(), QString("Request #%1 done").arg(next), kTimeout);
  }
};

QTEST_MAIN(TestWindowRoundTwo)
#include "test_window_round_two.moc"
