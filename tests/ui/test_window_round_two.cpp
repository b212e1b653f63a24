// The window as a user found it in round two (issue 31): what it shows must
// be what it does. Each defect replayed on the real window and worker with
// the instant fake engines.
#include <QLabel>
#include <QStatusBar>
#include <QtTest>

#include "test_settings.h"

#include "core/gallery/gallery_store.h"
#include "core/image/png_io.h"
#include "ui/image_settings_dialog.h"
#include "ui/panels/variation_controls.h"
#include <QSlider>
#include <QStatusBar>
#include "studio_fixture.h"
#include "ui/export_dialog.h"
#include "ui/file_actions.h"
#include "ui/vary_dialog.h"
#include "ui/model/gallery_model.h"
#include "ui/panels/gallery_panel.h"
#include "ui/panels/init_image_box.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/preview_panel.h"
#include "ui/panels/queue_panel.h"
#include "ui/model/job_queue.h"
#include "ui/widgets/gallery_filter_box.h"
#include "ui/widgets/image_view.h"
#include <QListView>
#include <QPlainTextEdit>
#include "ui/panels/seed_controls.h"

#include <QCheckBox>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QLineEdit>
#include <QListWidget>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QWheelEvent>
#include <QPushButton>

using namespace sd::ui;
using sd::test::kTimeout;
using sd::test::Studio;

namespace {

QAction* menuAction(QWidget& window, const QString& shortcut) {
  for (QAction* a : window.findChildren<QAction*>())
    if (a->shortcut() == QKeySequence(shortcut)) return a;
  return nullptr;
}

}  // namespace

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

  // Item 4: img2img was set in a box scrolled out of view and stayed: every
  // later Ctrl+Enter was img2img at the init image's size, and nothing said so.
  void img2imgShowsBesideGenerateAndInTheQueue() {
    Studio s({20});
    QVERIFY(s.ready());
    PromptPanel* prompt = s.window.promptPanel();
    auto* back = prompt->findChild<QPushButton*>("backToTextToImage");
    QVERIFY(back);
    QCOMPARE(prompt->modeText(), QString("Text to image"));
    QVERIFY(back->isHidden());
    prompt->setPrompt("a boat");
    QVERIFY(s.window.generate() > 0);
    QVERIFY(s.idle());
    s.window.galleryPanel()->selectRow(0);

    // Ctrl+I then Esc in the painter: nothing changes.
    QAction* inpaint = menuAction(s.window, "Ctrl+I");
    QVERIFY(inpaint);
    sd::test::rejectNextDialog();
    inpaint->trigger();
    QVERIFY(!s.window.settingsPanel()->hasInitImage());
    QCOMPARE(prompt->modeText(), QString("Text to image"));

    // The gallery's img2img button: the mode says so beside Generate.
    Q_EMIT s.window.settingsPanel()->useSelectedAsInitRequested();
    QVERIFY(s.window.settingsPanel()->hasInitImage());
    QVERIFY2(prompt->modeText().startsWith("img2img") && prompt->modeText().contains("64×64") &&
                 prompt->modeText().contains("strength"),
             qPrintable(prompt->modeText()));
    QVERIFY(!back->isHidden());
    // ... and in the queue line of the request it makes.
    s.window.settingsPanel()->setSteps(30);
    QVERIFY(s.window.generate() > 0);
    auto* list = s.window.queuePanel()->findChild<QListWidget*>("queueList");
    QTRY_VERIFY_WITH_TIMEOUT(list->count() > 0, kTimeout);
    QVERIFY2(list->item(0)->text().contains("img2img 0."), qPrintable(list->item(0)->text()));
    QVERIFY(s.idle());
    // One click back to text to image.
    back->click();
    QVERIFY(!s.window.settingsPanel()->hasInitImage());
    QCOMPARE(prompt->modeText(), QString("Text to image"));
    QVERIFY(back->isHidden());
    QVERIFY(!s.window.currentRequest().initImage.has_value());
  }

  // Item 6: a variation and an img2img render of one seed could be told
  // apart only inside the PNG: not by name, caption, HTML, CSV or JSON.
  void variationsAndImg2imgAreToldApartEverywhere() {
    Studio s;
    QVERIFY(s.ready());
    s.window.settingsPanel()->seedControls()->setLocked(true);
    s.window.settingsPanel()->seedControls()->setSeed(42);
    s.window.promptPanel()->setPrompt("a boat");
    QVERIFY(s.window.generate() > 0);
    QVERIFY(s.idle());
    const GalleryItem original = s.window.galleryModel()->item(0);
    QVERIFY(s.window.varyImage(original, VarySettings{1, 0.25, 77}) > 0);
    QVERIFY(s.idle());
    s.window.settingsPanel()->setInitImage(original.image, "seed 42");
    QVERIFY(s.window.generate() > 0);
    QVERIFY(s.idle());
    s.window.settingsPanel()->clearInitImage();
    QCOMPARE(s.window.galleryModel()->rowCount(), 3);

    const auto names = [&] {
      QStringList out;
      for (int row = 0; row < 3; ++row) out << QFileInfo(s.window.galleryModel()->item(row).filePath).fileName();
      return out;
    }();
    QVERIFY2(names[1].contains("-s42-v77-"), qPrintable(names[1]));
    QVERIFY2(names[2].contains("-s42-img2img-"), qPrintable(names[2]));
    QVERIFY2(!names[0].contains("-v") && !names[0].contains("img2img"), qPrintable(names[0]));
    GalleryModel* model = s.window.galleryModel();
    QCOMPARE(model->index(0).data(GalleryModel::CaptionRole).toString(), QString("seed 42"));
    QCOMPARE(model->index(1).data(GalleryModel::CaptionRole).toString(), QString("seed 42 · var 77 at 0.25"));
    QVERIFY2(model->index(2).data(GalleryModel::CaptionRole).toString().startsWith("seed 42 · img2img 0."),
             qPrintable(model->index(2).data(GalleryModel::CaptionRole).toString()));

    QTemporaryDir out;
    ExportChoice choice;
    choice.folder = out.path();
    choice.contactSheet = false;
    QString error;
    QVERIFY2(!exportGalleryTo(s.window, s.window.outputDir(), choice, &error).isEmpty(), qPrintable(error));
    const QString exported = QDir(out.path()).filePath(QDir(s.window.outputDir()).dirName());
    const auto read = [&](const QString& name) {
      QFile f(exported + "/" + name);
      return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    };
    const QString csv = read("scores.csv"), json = read("scores.json"), html = read("index.html");
    QVERIFY(csv.section('\n', 0, 0).contains("variation_seed,variation_strength,denoising_strength"));
    QVERIFY2(csv.contains(",77,0.25,,"), qPrintable(csv));
    QVERIFY(json.contains("\"variation_seed\": 77") && json.contains("\"denoising_strength\": 0."));
    QVERIFY(html.contains("variation seed 77 at 0.25") && html.contains("img2img at strength 0."));
  }

  // Item 7: exporting a second time failed with the CLI's "use --force" and
  // closed the dialog; now Export asks: overwrite, a new folder, or back.
  void exportingTwiceOffersOverwriteOrANewFolder() {
    Studio s;
    QVERIFY(s.ready());
    s.window.promptPanel()->setPrompt("a boat");
    QVERIFY(s.window.generate() > 0);
    QVERIFY(s.idle());
    QTemporaryDir out;
    const QString name = QDir(s.window.outputDir()).dirName();
    const auto exportWith = [&](const QString& answer, bool* accepted) {
      ExportDialog dialog(nullptr, {}, name);
      dialog.findChild<QLineEdit*>("exportFolder")->setText(out.path());
      dialog.findChild<QCheckBox*>("contactSheet")->setChecked(false);
      if (!answer.isEmpty()) sd::test::answerNextDialog(answer);
      dialog.findChild<QPushButton*>("exportButton")->click();
      *accepted = dialog.result() == QDialog::Accepted;
      return dialog.choice();
    };
    bool accepted = false;
    ExportChoice first = exportWith({}, &accepted);  // nothing there yet: no question
    QVERIFY(accepted && first.name.isEmpty() && !first.overwrite);
    QString error;
    QVERIFY2(!exportGalleryTo(s.window, s.window.outputDir(), first, &error).isEmpty(), qPrintable(error));

    const ExportChoice back = exportWith("exportBack", &accepted);
    QVERIFY(!accepted && back.name.isEmpty() && !back.overwrite);
    const ExportChoice fresh = exportWith("exportNewFolder", &accepted);
    QVERIFY(accepted);
    QCOMPARE(fresh.name, name + "-2");
    QVERIFY2(!exportGalleryTo(s.window, s.window.outputDir(), fresh, &error).isEmpty(), qPrintable(error));
    QVERIFY(QFile::exists(out.filePath(name + "-2/index.html")));
    const ExportChoice again = exportWith("exportOverwrite", &accepted);
    QVERIFY(accepted && again.overwrite && again.name.isEmpty());
    error.clear();
    QVERIFY2(!exportGalleryTo(s.window, s.window.outputDir(), again, &error).isEmpty(), qPrintable(error));
  }

  // Item 8: the wheel over a spin box changed it (Steps 25 → 20) while the
  // user scrolled the Settings panel.
  void theWheelScrollsSettingsAndLeavesTheFields() {
    Studio s;
    QVERIFY(s.ready());
    s.window.resize(1280, 600);
    auto* area = s.window.findChild<QScrollArea*>("SettingsPanelScroll");
    if (!area) {
      for (auto* a : s.window.findChildren<QScrollArea*>())
        if (a->widget() == s.window.settingsPanel()) area = a;
    }
    QVERIFY(area);
    area->resize(area->width(), 200);  // shorter than the panel: it scrolls
    QTRY_VERIFY_WITH_TIMEOUT(area->verticalScrollBar()->maximum() > 0, kTimeout);
    auto* steps = s.window.settingsPanel()->findChild<QSpinBox*>("stepsSpin");
    QVERIFY(steps);
    s.window.settingsPanel()->setSteps(25);
    area->verticalScrollBar()->setValue(0);
    const auto wheel = [&](QWidget* target) {
      const QPointF at(target->width() / 2.0, target->height() / 2.0);
      QWheelEvent event(at, target->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                        Qt::NoScrollPhase, false);
      QApplication::sendEvent(target, &event);
    };
    steps->clearFocus();
    wheel(steps);
    QCOMPARE(steps->value(), 25);
    QVERIFY2(area->verticalScrollBar()->value() > 0, "the panel did not scroll");
    // Clicked into (focused), the field takes the wheel as before.
    steps->setFocus();
    QTRY_VERIFY(steps->hasFocus());
    wheel(steps);
    QCOMPARE(steps->value(), 24);
  }

  // Item 13: after a cancel the preview kept the half-made image and its
  // step caption; the queue line mixed a cancelled job's step into the next
  // one's; "step 81/600 (89 %)" stood beside a 13 % bar.
  void cancelAndProgressSayWhatHappens() {
    Studio s({20});
    QVERIFY(s.ready());
    s.window.settingsPanel()->setSteps(200);
    s.window.promptPanel()->setPrompt("a boat");
    const int first = s.window.generate();
    QTRY_VERIFY_WITH_TIMEOUT(s.window.previewPanel()->stepsShown() >= 3, kTimeout);
    s.window.settingsPanel()->setSteps(300);
    const int second = s.window.generate();
    s.window.cancelCurrent();
    QTRY_VERIFY_WITH_TIMEOUT(s.window.jobQueue()->running() && s.window.jobQueue()->running()->id == second, kTimeout);
    // The cancelled request's late step is not shown beside the new one.
    sd::StepProgress stale{1, 1, 150, 200, 3.0, 10.0, {}, false, 0.5};
    s.window.onStepProgress(first, stale);
    QVERIFY2(!s.window.queuePanel()->progressText().contains("/200"), qPrintable(s.window.queuePanel()->progressText()));
    QTRY_VERIFY_WITH_TIMEOUT(s.window.previewPanel()->stepsShown() >= 1, kTimeout);
    s.window.cancelCurrent();
    QVERIFY(s.idle());
    const QString caption = s.window.previewPanel()->caption();
    QVERIFY2(caption.startsWith("Cancelled at step") && caption.contains("/300"), qPrintable(caption));
    QVERIFY(s.window.previewPanel()->view()->image().isNull());

    // One percentage, the bar's; within a step the step under way is named.
    QueuePanel* queue = s.window.queuePanel();
    queue->showProgress(sd::StepProgress{1, 1, 80, 600, 0.05, 9000, {}, false, 0.89});
    const QString text = queue->progressText();
    QVERIFY2(text.contains("step 81/600 · 13 %") && !text.contains("89"), qPrintable(text));
    queue->showProgress(sd::StepProgress{1, 1, 0, 300, 0.0, -1, {}, false, 0.78});
    QVERIFY2(queue->progressText().contains("– it/s") && !queue->progressText().contains("0.00"),
             qPrintable(queue->progressText()));
  }

  // Item 14: Ctrl+E did nothing with the filter box focused (QLineEdit's
  // Emacs binding took it); Ctrl+1 showed the gallery without focusing it.
  void shortcutsWorkFromTheFilterAndFocusTheGallery() {
    Studio s;
    QVERIFY(s.ready());
    s.window.promptPanel()->setPrompt("a boat");
    QVERIFY(s.window.generate() > 0);
    QVERIFY(s.window.generate() > 0);
    QVERIFY(s.idle());
    QApplication::setActiveWindow(&s.window);
    QVERIFY(QTest::qWaitForWindowActive(&s.window));
    QLineEdit* filter = s.window.galleryPanel()->filterBox()->edit();
    filter->setFocus();
    QTRY_VERIFY(filter->hasFocus());
    bool exportAsked = false;
    QTimer::singleShot(0, qApp, [&] {
      QWidget* modal = nullptr;
      if (!QTest::qWaitFor([&] { return (modal = QApplication::activeModalWidget()) != nullptr; }, 3000)) return;
      exportAsked = qobject_cast<ExportDialog*>(modal) != nullptr;
      if (auto* d = qobject_cast<QDialog*>(modal)) d->reject();
    });
    QTest::keyClick(filter, Qt::Key_E, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(exportAsked, 5000);
    // Ctrl+A still selects the query's text.
    filter->setText("boat");
    QTest::keyClick(filter, Qt::Key_A, Qt::ControlModifier);
    QCOMPARE(filter->selectedText(), QString("boat"));
    filter->clear();

    QApplication::setActiveWindow(&s.window);  // back from the dialog
    QVERIFY(QTest::qWaitForWindowActive(&s.window));
    s.window.promptPanel()->promptEdit()->setFocus();
    QTRY_VERIFY(s.window.promptPanel()->promptEdit()->hasFocus());
    QTest::keyClick(s.window.promptPanel()->promptEdit(), Qt::Key_1, Qt::ControlModifier);
    QListView* view = s.window.galleryPanel()->view();
    QTRY_VERIFY(view->hasFocus());
    QVERIFY(view->currentIndex().isValid());
    QVERIFY(s.window.galleryPanel()->selectedItem() != nullptr);
  }

  // Item 10: Restore / "Use these settings" silently could not remake some
  // images: an inpainting came back as text to image, a hires-fix file as a
  // plain render, strength 0.5 stayed out of the slider, an unknown sampler
  // kept the previous one. Now each says in one line what was not restored.
  void restoreSaysWhatItCannotRemake() {
    Studio s;
    QVERIFY(s.ready());
    QTemporaryDir dir;
    const auto use = [&](const QString& infotext) {
      const QString path = dir.filePath(QString("a%1.png").arg(qHash(infotext)));
      sd::writePng(path.toStdString(), sd::RgbImage::blank(8, 8), {{"parameters", infotext.toStdString()}});
      sd::ui::ImageSettingsDialog dialog(path, &s.window);
      dialog.setBaseRequest(s.window.currentRequest());  // as File ▸ Open image settings does
      connect(&dialog, &ImageSettingsDialog::useSettings, &s.window,
              [&](const sd::GenerationRequest& r, const QStringList& lost, bool fromImage) {
                s.window.applyRequest(r, lost, fromImage);
              });
      dialog.useButton()->click();
      return s.window.statusBar()->currentMessage();
    };
    auto* strength = s.window.settingsPanel()->initImageBox()->findChild<QSlider*>("strengthSlider");
    const QString inpaint = use("a cat\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 5, Size: 64x64, "
                                "Denoising strength: 0.5, Mask blur: 4");
    QVERIFY2(inpaint.contains("except") && inpaint.contains("init image and mask"), qPrintable(inpaint));
    QCOMPARE(strength->value(), 50);

    const QString hires = use("a cat\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 5, Size: 64x64, "
                              "Denoising strength: 0.7, Hires upscale: 2, Hires steps: 10, Hires upscaler: Latent");
    QVERIFY2(hires.contains("hires fix (Hires upscale: 2)") && !hires.contains("init image"), qPrintable(hires));
    QVERIFY(!s.window.settingsPanel()->hasInitImage());

    s.window.settingsPanel()->setScheduler(QString("ddim"));
    const QString sampler = use("a cat\nSteps: 20, Sampler: DPM adaptive, CFG scale: 7, Seed: 5, Size: 64x64");
    QVERIFY2(sampler.contains("the sampler 'DPM adaptive'"), qPrintable(sampler));
    QCOMPARE(s.window.settingsPanel()->schedulerId(), QString("ddim"));

    const QString plain = use("a cat\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 5, Size: 64x64");
    QVERIFY2(plain.startsWith("Settings restored: seed 5"), qPrintable(plain));

    // A gallery image made by img2img: its strength comes back, its init image is said to be missing.
    s.window.promptPanel()->setPrompt("a boat");
    QVERIFY(s.window.generate() > 0);
    QVERIFY(s.idle());
    strength->setValue(35);
    s.window.settingsPanel()->setInitImage(s.window.galleryModel()->item(0).image, "seed");
    QVERIFY(s.window.generate() > 0);
    QVERIFY(s.idle());
    strength->setValue(80);
    s.window.settingsPanel()->clearInitImage();
    Q_EMIT s.window.galleryPanel()->restoreSettingsRequested(s.window.galleryModel()->item(1));
    QCOMPARE(strength->value(), 35);
    QVERIFY2(s.window.statusBar()->currentMessage().contains("init image of this img2img"),
             qPrintable(s.window.statusBar()->currentMessage()));
    // And a text-to-image one drops an init image left set, which would make it img2img.
    s.window.settingsPanel()->setInitImage(s.window.galleryModel()->item(0).image, "seed");
    Q_EMIT s.window.galleryPanel()->restoreSettingsRequested(s.window.galleryModel()->item(0));
    QVERIFY(!s.window.settingsPanel()->hasInitImage());
  }
};

QTEST_MAIN(TestWindowRoundTwo)
#include "test_window_round_two.moc"
