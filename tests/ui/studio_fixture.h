#pragma once
// A window wired to the real worker on its thread with instant fake engines
// (fake_engines.h), models loaded, small images: what the window tests drive
// like a user would. The gallery folder may outlive one Studio, so a test can
// quit and start again on the same images.
#include <QApplication>
#include <QDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <functional>

#include "app/studio/studio_controller.h"
#include "fake_engines.h"
#include "ui/main_window.h"
#include "ui/model/job_queue.h"
#include "ui/panels/model_panel.h"
#include "ui/panels/settings_panel.h"

namespace sd::test {

constexpr int kTimeout = 20000;

struct Studio {
  explicit Studio(FakeOptions options = {}, const QString& model = SD_TEST_DATA_DIR "/tiny-sd",
                  const QString& galleryDir = {})
      : controller(&window, fakeEngines(options)) {
    window.setOutputDir(galleryDir.isEmpty() ? dir.path() : galleryDir);
    window.reopenGallery();
    QTest::qWaitFor([&] { return !window.isReopeningGallery(); }, kTimeout);
    window.show();
    window.modelPanel()->selectSdModel(model);
    window.modelPanel()->selectClipModel(SD_TEST_DATA_DIR "/tiny-clip");
    window.loadModels();
    window.settingsPanel()->setSize(64, 64);
    window.settingsPanel()->setSteps(4);
    window.settingsPanel()->setBatch(1);
  }
  bool ready() {
    return QTest::qWaitFor([&] { return window.jobQueue()->isReady() && !window.modelPanel()->isLoading(); }, kTimeout);
  }
  bool idle() {
    return QTest::qWaitFor([&] { return !window.jobQueue()->isBusy() && window.jobQueue()->pending().isEmpty(); },
                           kTimeout);
  }

  QTemporaryDir dir;
  ui::MainWindow window;
  studio::StudioController controller;
};

// Clicks the button named `buttonName` of the next modal dialog (a
// QMessageBox's exec() blocks the test until then).
inline void answerNextDialog(const QString& buttonName) {
  QTimer::singleShot(0, qApp, [buttonName] {
    QWidget* modal = nullptr;
    if (!QTest::qWaitFor([&] { return (modal = QApplication::activeModalWidget()) != nullptr; }, 5000)) return;
    if (auto* button = modal->findChild<QPushButton*>(buttonName)) button->click();
    else if (auto* box = qobject_cast<QMessageBox*>(modal)) box->reject();
  });
}

// Rejects the next modal dialog, whatever it is (Esc in a painter, Cancel).
inline void rejectNextDialog() {
  QTimer::singleShot(0, qApp, [] {
    QWidget* modal = nullptr;
    if (!QTest::qWaitFor([&] { return (modal = QApplication::activeModalWidget()) != nullptr; }, 5000)) return;
    if (auto* dialog = qobject_cast<QDialog*>(modal)) dialog->reject();
  });
}

}  // namespace sd::test
