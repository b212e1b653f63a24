// The main window opens offscreen with every panel in place.
#include <QDockWidget>
#include <QtTest>

#include "ui/main_window.h"
#include "ui/panels/comparison_panel.h"
#include "ui/panels/gallery_panel.h"
#include "ui/panels/model_panel.h"
#include "ui/panels/preview_panel.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/queue_panel.h"
#include "ui/panels/settings_panel.h"

class TestMainWindow : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void opensWithPanels() {
    sd::ui::MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.promptPanel()->isVisible());
    QVERIFY(window.settingsPanel()->isVisible());
    QVERIFY(window.modelPanel()->isVisible());
    QVERIFY(window.previewPanel()->isVisible());
    QVERIFY(window.galleryPanel()->isVisible());
    QVERIFY(window.queuePanel()->isVisible());
    QCOMPARE(window.findChildren<QDockWidget*>().size(), 4);
    QCOMPARE(window.windowTitle(), QString("SD Studio"));
  }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
