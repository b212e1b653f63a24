// The studio as a new user found it (issue 17), each defect replayed on the
// real window and worker with the instant fake engines: delete that lasts,
// exported bars equal to the gallery's, a failed load that keeps the old
// model, Esc that closes a drop-down without cancelling the render, settings
// that survive a restart, and no stale status after start.
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include "test_settings.h"

#include "app/studio/inference_worker.h"
#include "core/gallery/gallery_store.h"
#include "core/metadata/settings_reader.h"
#include "studio_fixture.h"
#include "ui/painting/contact_sheet.h"
#include "ui/export_dialog.h"
#include "ui/file_actions.h"
#include "ui/image_deletion.h"
#include "ui/image_settings_dialog.h"
#include "ui/model/comparison_set.h"
#include "ui/model/gallery_model.h"
#include "ui/panels/comparison_panel.h"
#include "ui/panels/gallery_panel.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/queue_panel.h"
#include "ui/panels/seed_controls.h"

using namespace sd::ui;
using sd::test::kTimeout;
using sd::test::Studio;

namespace {

QStringList fileNames(const QString& folder) {
  QStringList names;
  for (const auto& e : sd::loadGallery(folder.toStdString()).entries) names << QString::fromStdString(e.fileName);
  return names;
}

void generate(Studio& s, const QString& prompt) {
  s.window.promptPanel()->setPrompt(prompt);
  QVERIFY(s.window.generate() > 0);
}

// The bars the gallery draws for each file name: prompt → probability.
QHash<QString, QVector<QPair<QString, double>>> galleryBars(MainWindow& w) {
  QHash<QString, QVector<QPair<QString, double>>> bars;
  const QStringList prompts = w.comparisonSet()->prompts();
  for (int row = 0; row < w.galleryModel()->rowCount(); ++row) {
    const QVector<double> p = w.galleryModel()->probabilities(row);
    auto& out = bars[QFileInfo(w.galleryModel()->item(row).filePath).fileName()];
    for (int i = 0; i < p.size(); ++i) out.push_back({prompts[i], p[i]});
  }
  return bars;
}

void compareBars(const QVector<QPair<QString, double>>& got, const QVector<QPair<QString, double>>& want,
                 const QString& where) {
  QVERIFY2(got.size() == want.size(), qPrintable(QString("%1: %2 bars, the gallery shows %3").arg(where).arg(got.size()).arg(want.size())));
  for (int i = 0; i < got.size(); ++i) {
    QCOMPARE(got[i].first, want[i].first);
    QVERIFY2(std::abs(got[i].second - want[i].second) < 1e-4, qPrintable(where));
  }
}

}  // namespace

class TestWindowScenarios : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void init() {
    sd::test::freshSettings("test_window_scenarios");
  }

  void deletedImageStaysDeletedAfterARestart() {
    QTemporaryDir gallery;
    QString deletedFile;
    {
      Studio s({}, SD_TEST_DATA_DIR "/tiny-sd", gallery.path());
      QVERIFY(s.ready());
      generate(s, "a red fox");
      generate(s, "a grey wolf");
      QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->rowCount(), 2, kTimeout);
      QVERIFY(s.idle());
      s.window.galleryPanel()->selectRow(0);
      deletedFile = s.window.galleryModel()->item(0).filePath;
      // "Cancel" keeps it.
      sd::test::answerNextDialog("no such button: cancel");
      s.window.galleryPanel()->deleteSelected();
      QCOMPARE(s.window.galleryModel()->rowCount(), 2);
      QVERIFY(QFileInfo::exists(deletedFile));
      // "Delete" removes the file and the index entry.
      sd::test::answerNextDialog("confirmDelete");
      s.window.galleryPanel()->deleteSelected();
      QCOMPARE(s.window.galleryModel()->rowCount(), 1);
      QVERIFY(!QFileInfo::exists(deletedFile));
      QVERIFY(!fileNames(gallery.path()).contains(QFileInfo(deletedFile).fileName()));
      QCOMPARE(fileNames(gallery.path()).size(), 1);
      s.window.close();
    }
    Studio again({}, SD_TEST_DATA_DIR "/tiny-sd", gallery.path());
    QCOMPARE(again.window.galleryModel()->rowCount(), 1);
    QCOMPARE(again.window.galleryModel()->item(0).prompt, QString("a grey wolf"));
  }

  void dontAskAgainIsRemembered() {
    Studio s;
    QVERIFY(s.ready());
    generate(s, "one");
    generate(s, "two");
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->rowCount(), 2, kTimeout);
    QTimer::singleShot(0, qApp, [] {
      QWidget* modal = nullptr;
      QVERIFY(QTest::qWaitFor([&] { return (modal = QApplication::activeModalWidget()) != nullptr; }, 5000));
      modal->findChild<QCheckBox*>()->setChecked(true);
      modal->findChild<QPushButton*>("confirmDelete")->click();
    });
    s.window.galleryPanel()->selectRow(0);
    s.window.galleryPanel()->deleteSelected();
    QCOMPARE(s.window.galleryModel()->rowCount(), 1);
    QCOMPARE(QSettings().value(kConfirmDeleteKey).toBool(), false);
    s.window.galleryPanel()->selectRow(0);
    s.window.galleryPanel()->deleteSelected();  // no dialog this time
    QCOMPARE(s.window.galleryModel()->rowCount(), 0);
  }

  // With the comparison set empty the gallery compares its own prompts; the
  // files, and so every export and `info`, must hold those same bars.
  void exportedBarsAreTheGallerys() {
    Studio s;
    QVERIFY(s.ready());
    QVERIFY(s.window.comparisonSet()->isAutomatic());
    for (const QString& p : {"a lighthouse at dusk", "a lighthouse at night", "a red apple"}) generate(s, p);
    QVERIFY(s.idle());
    QCOMPARE(s.window.galleryModel()->rowCount(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->probabilities(0).size(), 3, kTimeout);
    const auto want = galleryBars(s.window);

    QTemporaryDir out;
    ExportChoice choice;
    choice.folder = out.path();
    choice.html = choice.csv = choice.json = choice.contactSheet = choice.zip = true;
    QString error;
    const QStringList written = exportGalleryTo(s.window, s.window.outputDir(), choice, &error);
    QVERIFY2(!written.isEmpty(), qPrintable(error));
    const QString exported = QDir(out.path()).filePath(QDir(s.window.outputDir()).dirName());

    // scores.json (CSV and HTML are written from the same recipes)
    QFile json(exported + "/scores.json");
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonArray images = QJsonDocument::fromJson(json.readAll()).object()["images"].toArray();
    QCOMPARE(images.size(), 3);
    for (const auto& image : images) {
      QVector<QPair<QString, double>> got;
      for (const auto& score : image.toObject()["scores"].toArray())
        got.push_back({score.toObject()["prompt"].toString(), score.toObject()["probability"].toDouble()});
      const QString file = image.toObject()["file"].toString();
      compareBars(got, want.value(file), "scores.json " + file);
    }
    // What `sdstudio-cli info`, the settings dialog and the contact sheet read: the PNG itself.
    for (int row = 0; row < 3; ++row) {
      const QString path = s.window.galleryModel()->item(row).filePath;
      const auto recipe = sd::readSettings(path.toStdString()).recipe;
      QVector<QPair<QString, double>> got;
      for (std::size_t i = 0; i < recipe.comparisonPrompts.size(); ++i)
        got.push_back({QString::fromStdString(recipe.comparisonPrompts[i]), recipe.probabilities.at(i)});
      compareBars(got, want.value(QFileInfo(path).fileName()), "info " + path);
    }
    // The contact sheet paints each entry's stored bars.
    for (const auto& entry : sd::loadGallery(s.window.outputDir().toStdString()).entries) {
      QVector<QPair<QString, double>> got;
      for (const BarRow& bar : contactSheetItem(entry, entry.fileName).bars) got.push_back({bar.label, bar.probability});
      compareBars(got, want.value(QString::fromStdString(entry.fileName)), "contact sheet");
    }
    QVERIFY(QFileInfo::exists(exported + "/contact-sheet.png"));
    QVERIFY(written.last().endsWith(".zip"));
  }

  // The margin the sort orders by is on each item (tooltip, caption, details).
  void marginIsShown() {
    Studio s;
    QVERIFY(s.ready());
    generate(s, "a cat");
    generate(s, "a dog");
    QVERIFY(s.idle());
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->probabilities(0).size(), 2, kTimeout);
    const QModelIndex first = s.window.galleryModel()->index(0);
    const double margin = first.data(GalleryModel::MarginRole).toDouble();
    QVERIFY(margin > -2);
    QVERIFY2(first.data(Qt::ToolTipRole).toString().contains("Margin"), qPrintable(first.data(Qt::ToolTipRole).toString()));
    s.window.galleryPanel()->selectRow(0);
    QVERIFY(s.window.galleryPanel()->detailsText().contains(QString::number(margin * 100, 'f', 1) + " points"));
    QVERIFY(s.window.galleryPanel()->findChild<QComboBox*>("gallerySort")->itemData(3, Qt::ToolTipRole).toString().contains("best other"));
  }

  // No file manager: the path is shown and can be copied — also where
  // xdg-open is installed but fails because nothing opens folders (issue 31
  // item 12: it started, so the fallback never appeared); none where it works.
  void revealWithoutAFileManagerOffersThePath_data() {
    QTest::addColumn<QString>("opener");  // the xdg-open on PATH ("": none)
    QTest::addColumn<bool>("offered");
    QTest::newRow("no xdg-open") << "" << true;
    QTest::newRow("xdg-open, no file manager") << "#!/bin/sh\necho 'xdg-open: no method available' >&2\nexit 3\n" << true;
    QTest::newRow("a file manager") << "#!/bin/sh\nexit 0\n" << false;
  }

  void revealWithoutAFileManagerOffersThePath() {
    QFETCH(QString, opener);
    QFETCH(bool, offered);
    QTemporaryDir dir, bin;
    if (!opener.isEmpty()) {
      QFile script(bin.filePath("xdg-open"));
      QVERIFY(script.open(QIODevice::WriteOnly));
      script.write(opener.toUtf8());
      script.close();
      script.setPermissions(QFileDevice::ReadOwner | QFileDevice::ExeOwner);
    }
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", bin.path().toUtf8());  // only the fake (or nothing) is found
    const QString file = dir.filePath("image.png");
    QClipboard* clipboard = QGuiApplication::clipboard();
    clipboard->clear();
    bool asked = false;
    QTimer::singleShot(0, qApp, [&] {
      QWidget* modal = nullptr;
      if (!QTest::qWaitFor([&] { return (modal = QApplication::activeModalWidget()) != nullptr; }, 3000)) return;
      asked = true;
      if (auto* copy = modal->findChild<QPushButton*>("copyPath")) copy->click();
    });
    revealInFileManager(nullptr, file);
    QTest::qWait(offered ? 0 : 3500);
    QTRY_COMPARE_WITH_TIMEOUT(asked, offered, 5000);
    qputenv("PATH", path);
    QCOMPARE(clipboard->text(), offered ? QDir::toNativeSeparators(file) : QString());
  }

  void exportChoicesAreRemembered() {
    {
      ExportDialog dialog;
      dialog.findChild<QCheckBox*>("zip")->setChecked(true);
      dialog.findChild<QCheckBox*>("csv")->setChecked(false);
      dialog.findChild<QLineEdit*>("exportFolder")->setText("/tmp/somewhere");
      dialog.findChild<QPushButton*>("exportButton")->click();
      QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    const ExportChoice choice = ExportDialog().choice();
    QVERIFY(choice.zip);
    QVERIFY(!choice.csv);
    QVERIFY(choice.html && choice.json && choice.contactSheet);
    QCOMPARE(choice.folder, QString("/tmp/somewhere"));
  }

  void barsFollowAnEditedSetIntoTheFiles() {
    Studio s;
    QVERIFY(s.ready());
    generate(s, "a cat");
    QVERIFY(s.idle());
    s.window.comparisonPanel()->setPrompts({"a cat", "a dog", "a car"});
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->probabilities(0).size(), 3, kTimeout);
    const auto want = galleryBars(s.window);
    const QString path = s.window.galleryModel()->item(0).filePath;
    // Written in the background a moment after the bars settle.
    QTRY_COMPARE_WITH_TIMEOUT(sd::readSettings(path.toStdString()).recipe.comparisonPrompts.size(), std::size_t(3), kTimeout);
    const auto recipe = sd::readSettings(path.toStdString()).recipe;
    QCOMPARE(recipe.probabilities.at(1), want.value(QFileInfo(path).fileName()).at(1).second);
    // The pixels are untouched.
    QCOMPARE(QImage(path).convertToFormat(QImage::Format_RGB888), s.window.galleryModel()->item(0).image);
  }

  void failedLoadKeepsTheOldModel() {
    Studio s;
    QVERIFY(s.ready());
    const QString working = s.window.modelPanel()->sdModelPath();
    QTemporaryDir dir;
    QFile text(dir.path() + "/notes.txt");
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("not a model\n");
    text.close();
    s.window.modelPanel()->selectSdModel(text.fileName());
    s.window.loadModels();
    QVERIFY(s.ready());
    QVERIFY2(s.window.lastError().contains("not a safetensors"), qPrintable(s.window.lastError()));
    const QString status = s.window.modelPanel()->statusText();
    QVERIFY2(status.contains("Loaded") && status.contains("notes.txt") && status.contains("still using"), qPrintable(status));
    QCOMPARE(s.window.modelPanel()->sdModelPath(), working);  // the choice went back to the model in use
    QVERIFY2(s.window.statusBar()->currentMessage().contains("notes.txt"), qPrintable(s.window.statusBar()->currentMessage()));
    // The old model still renders, and nothing waits forever.
    generate(s, "still works");
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->rowCount(), 1, kTimeout);
    QVERIFY(s.idle());
    QVERIFY(!s.window.queuePanel()->progressText().contains("Waiting"));
  }

  void cudaIsOfferedOnlyWhereThereIsOne() {
    QSettings().setValue("models/device", 2);  // CUDA, saved on another machine
    Studio s;
    QVERIFY(s.ready());
    auto* device = s.window.modelPanel()->findChild<QComboBox*>("deviceCombo");
    QVERIFY(!s.window.modelPanel()->offersCuda());
    QCOMPARE(device->findText("GPU", Qt::MatchContains), -1);
    QVERIFY(device->itemText(0).contains("CPU"));
    QVERIFY(s.window.lastError().isEmpty());  // fell back to Auto, loaded on the CPU
    // The panel says why there is no GPU and where it runs instead.
    const QString line = s.window.modelPanel()->deviceText();
    QVERIFY2(line.startsWith("CPU, ") && line.contains("No GPU used: no NVIDIA driver was found"), qPrintable(line));
    QVERIFY(s.window.modelPanel()->findChild<QLabel*>("deviceLine")->isVisible());
  }

  // With a usable GPU (a probe as the driver would fill it), Auto names it,
  // the GPU is offered by name, and the line gives its memory and driver.
  void aUsableGpuIsPickedAndDescribed() {
    Studio s;
    QVERIFY(s.ready());
    sd::GpuProbe gpu;
    gpu.verdict = sd::GpuProbe::Verdict::Usable;
    gpu.gpuName = "NVIDIA GeForce RTX 3060";
    gpu.totalBytes = std::uint64_t(12) << 30;
    gpu.freeBytes = std::uint64_t(11) << 30;
    gpu.driverRelease = "570.86.15";
    auto* panel = s.window.modelPanel();
    panel->setGpu(gpu, true);
    auto* device = panel->findChild<QComboBox*>("deviceCombo");
    QCOMPARE(device->itemText(0), QString("Auto (GPU: NVIDIA GeForce RTX 3060)"));
    QVERIFY(device->findText("GPU: NVIDIA GeForce RTX 3060") > 0);
    QVERIFY2(panel->deviceText().startsWith("GPU: NVIDIA GeForce RTX 3060 · 12.0 GB, 11.0 GB free · driver 570.86.15"),
             qPrintable(panel->deviceText()));
    device->setCurrentIndex(device->findData(int(sd::DevicePreference::Cpu)));
    QCOMPARE(panel->deviceText(), QString("CPU, float32 (chosen; the GPU is not used)"));
  }

  void escClosingADropDownDoesNotCancel() {
    std::atomic<int> steps{0};
    Studio s({20, &steps});
    QVERIFY(s.ready());
    s.window.settingsPanel()->setSteps(60);
    QSignalSpy finished(s.controller.worker(), &sd::studio::InferenceWorker::jobFinished);
    generate(s, "slow");
    QTRY_VERIFY_WITH_TIMEOUT(steps.load() >= 2, kTimeout);
    auto* sampler = s.window.settingsPanel()->findChild<QComboBox*>("schedulerCombo");
    sampler->showPopup();
    QTRY_VERIFY(QApplication::activePopupWidget() != nullptr);
    QTest::keyClick(QApplication::activePopupWidget(), Qt::Key_Escape);
    QTRY_VERIFY(QApplication::activePopupWidget() == nullptr);
    // A dialog's Esc closes the dialog only.
    sd::ui::showImageSettings(s.window, SD_TEST_DATA_DIR "/no-such.png");
    auto* dialog = s.window.findChild<ImageSettingsDialog*>();
    QVERIFY(dialog);
    QTest::keyClick(dialog, Qt::Key_Escape);
    const int before = steps.load();
    QTRY_VERIFY_WITH_TIMEOUT(steps.load() >= before + 3, kTimeout);
    QCOMPARE(finished.count(), 0);  // the render went on
    // With nothing open, Esc cancels.
    s.window.promptPanel()->promptEdit()->setFocus();
    QTest::keyClick(s.window.promptPanel()->promptEdit(), Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeout);
    QCOMPARE(finished.first().at(1).toBool(), true);
  }

  void everySettingRoundTripsThroughARestart() {
    {
      MainWindow w;
      w.show();
      w.settingsPanel()->setSize(320, 192);
      w.settingsPanel()->setSteps(17);
      w.settingsPanel()->setScheduler("Euler a");
      w.settingsPanel()->findChild<QSpinBox*>("trajectorySpin")->setValue(0);
      w.settingsPanel()->findChild<QComboBox*>("trajectoryDecoderCombo")->setCurrentIndex(1);
      w.promptPanel()->setPrompt("a lighthouse at dusk");
      w.promptPanel()->setNegativePrompt("blurry");
      w.comparisonPanel()->setPrompts({"a cat", "a dog"});
      w.comparisonPanel()->findChild<QSpinBox*>("comparisonSeeds")->setValue(3);
      w.galleryPanel()->setSort(GalleryPanel::Sort::Margin);
      w.views()->setCurrentIndex(1);
      w.close();
    }
    MainWindow again;
    const auto r = again.currentRequest();
    QCOMPARE(r.width, 320);
    QCOMPARE(r.height, 192);
    QCOMPARE(r.steps, 17);
    QCOMPARE(r.trajectoryEvery, 0);  // 0 = off survives (the default is 5)
    QVERIFY(r.trajectoryDecoder == sd::EstimateDecoder::Vae);
    QCOMPARE(again.settingsPanel()->schedulerId(), QString("euler_ancestral"));
    QCOMPARE(again.promptPanel()->prompt(), QString("a lighthouse at dusk"));
    QCOMPARE(again.promptPanel()->negativePrompt(), QString("blurry"));
    QCOMPARE(again.comparisonSet()->prompts(), QStringList({"a cat", "a dog"}));
    QCOMPARE(again.comparisonPanel()->seedCount(), 3);
    QCOMPARE(again.galleryPanel()->findChild<QComboBox*>("gallerySort")->currentIndex(), int(GalleryPanel::Sort::Margin));
    QCOMPARE(again.views()->currentIndex(), 1);
  }

  // Loading the model on start used to reset the size to the model's own.
  void restoredSizeSurvivesTheModelLoad() {
    QSettings s;
    s.setValue("settings/steps", 20);
    s.setValue("settings/width", 320);
    s.setValue("settings/height", 256);
    MainWindow w;
    sd::studio::StudioController controller(&w, sd::test::fakeEngines());
    w.show();
    w.modelPanel()->selectSdModel(SD_TEST_DATA_DIR "/tiny-sd");
    w.loadModels();
    QVERIFY(QTest::qWaitFor([&] { return w.modelPanel()->hasModel() && !w.modelPanel()->isLoading(); }, kTimeout));
    QCOMPARE(w.currentRequest().width, 320);
    QCOMPARE(w.currentRequest().height, 256);
  }

  void noStaleStatusAfterStart() {
    Studio s;
    QVERIFY(s.ready());
    QTRY_VERIFY_WITH_TIMEOUT(s.window.statusBar()->currentMessage().startsWith("Ready"), kTimeout);
    QVERIFY(!s.window.statusBar()->currentMessage().contains("Loading"));
    QCOMPARE(s.window.queuePanel()->progressText(), QString("Idle"));
    QVERIFY(s.window.modelPanel()->statusText().contains("CLIP"));
  }
};

QTEST_MAIN(TestWindowScenarios)
#include "test_window_scenarios.moc"
