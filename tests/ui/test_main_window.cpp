// The window driven like a user would, offscreen, through the real worker on
// its QThread with instant fake engines (the real tiny models are driven in
// test_studio_pipeline).
#include <QDockWidget>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "test_settings.h"

#include "app/studio/inference_worker.h"
#include "app/studio/studio_controller.h"
#include "core/gallery/gallery_paths.h"
#include "core/gallery/gallery_store.h"
#include "core/image/png_io.h"
#include "core/metadata/image_recipe.h"
#include "ui/file_actions.h"
#include "ui/image_settings_dialog.h"
#include "studio_fixture.h"
#include "ui/main_window.h"
#include "ui/model/comparison_set.h"
#include "ui/model/gallery_model.h"
#include "ui/model/job_queue.h"
#include "ui/panels/comparison_panel.h"
#include "ui/panels/gallery_panel.h"
#include "ui/panels/model_panel.h"
#include "ui/panels/preview_panel.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/queue_panel.h"
#include "ui/panels/seed_controls.h"
#include "ui/panels/settings_panel.h"
#include "ui/panels/variation_controls.h"
#include "ui/vary_dialog.h"
#include "ui/widgets/comparison_grid.h"

using namespace sd::ui;
using sd::studio::StudioController;

using sd::test::kTimeout;
using sd::test::Studio;

class TestMainWindow : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    sd::test::freshSettings("test_main_window");
  }

  void opensWithPanels() {
    MainWindow window;
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
    QCOMPARE(window.settingsPanel()->schedulerId(), QString("dpmpp_2m_karras"));  // CPU default
    QCOMPARE(window.currentRequest().steps, 25);
  }

  void ctrlEnterGeneratesIntoTheGallery() {
    Studio s;
    QVERIFY(s.ready());
    QVERIFY(s.window.modelPanel()->statusText().contains("Loaded"));
    QPlainTextEdit* edit = s.window.promptPanel()->promptEdit();
    edit->setFocus();
    QTest::keyClicks(edit, "a red fox");
    QTest::keyClick(edit, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->rowCount(), 1, kTimeout);
    QCOMPARE(edit->toPlainText(), QString("a red fox"));  // Ctrl+Enter did not type a newline
    const GalleryItem& item = s.window.galleryModel()->item(0);
    QCOMPARE(item.prompt, QString("a red fox"));
    QCOMPARE(item.image.size(), QSize(64, 64));
    QVERIFY(QFileInfo::exists(item.filePath));
    QVERIFY(!item.imageEmbedding.empty());  // scored by the (fake) CLIP
    // One prompt is no comparison: no bar (a lone 100 % meant nothing, issue 31).
    QCOMPARE(s.window.galleryModel()->probabilities(0).size(), 0);
    QVERIFY(s.window.galleryModel()->index(0).data(GalleryModel::PromptSetRole).toStringList().size() == 1);
    QCOMPARE(s.window.promptPanel()->history().size(), 1);
    QVERIFY(s.window.previewPanel()->stepsShown() >= 4);
    QVERIFY(s.idle());
    QVERIFY(s.window.lastError().isEmpty());
  }

  void lockedSeedRerendersAtTheSameSeed() {
    Studio s;
    QVERIFY(s.ready());
    SeedControls* seed = s.window.settingsPanel()->seedControls();
    seed->setSeed(777);
    seed->setLocked(true);
    s.window.promptPanel()->setPrompt("a cat");
    s.window.generate();
    s.window.promptPanel()->setPrompt("a cat wearing a hat");
    s.window.generate();
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->rowCount(), 2, kTimeout);
    QCOMPARE(s.window.galleryModel()->item(0).seed, 777ull);
    QCOMPARE(s.window.galleryModel()->item(1).seed, 777ull);

    seed->setLocked(false);
    seed->setIncrementsPerImage(true);
    s.window.settingsPanel()->setBatch(2);
    s.window.generate();  // 777, 778
    QCOMPARE(seed->seed(), 779ull);
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->rowCount(), 4, kTimeout);
    QCOMPARE(s.window.galleryModel()->item(3).seed, 778ull);

    seed->setIncrementsPerImage(false);
    s.window.generate();
    QVERIFY(seed->seed() != 779ull || true);  // random: just never locked by accident
    QVERIFY(!seed->isLocked());
    s.window.generateAtLastSeed();  // re-renders at 779
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->rowCount(), 8, kTimeout);
    QCOMPARE(s.window.galleryModel()->item(6).seed, 779ull);
    QVERIFY(s.idle());
  }

  void reuseSeedOfTheSelectedImage() {
    Studio s;
    QVERIFY(s.ready());
    s.window.settingsPanel()->seedControls()->setSeed(4242);
    s.window.promptPanel()->setPrompt("a boat");
    s.window.generate();
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->rowCount(), 1, kTimeout);
    s.window.settingsPanel()->seedControls()->randomize();
    s.window.galleryPanel()->selectRow(0);
    QVERIFY(s.window.galleryPanel()->detailsText().contains("4242"));
    Q_EMIT s.window.settingsPanel()->seedControls()->reuseSelectedRequested();
    QCOMPARE(s.window.settingsPanel()->seedControls()->seed(), 4242ull);
    QVERIFY(s.window.settingsPanel()->seedControls()->isLocked());
    // img2img from the selected image
    Q_EMIT s.window.settingsPanel()->useSelectedAsInitRequested();
    QVERIFY(s.window.settingsPanel()->hasInitImage());
    QVERIFY(s.window.currentRequest().initImage.has_value());
    sd::test::answerNextDialog("confirmDelete");
    s.window.galleryPanel()->deleteSelected();
    QCOMPARE(s.window.galleryModel()->rowCount(), 0);
  }

  // Vary… on a gallery image: its seed, successive variation seeds, the
  // seed field untouched; Restore settings on a variation remakes it.
  void varyRendersVariationsOfTheSelectedImage() {
    Studio s;
    QVERIFY(s.ready());
    SeedControls* seed = s.window.settingsPanel()->seedControls();
    seed->setSeed(4242);
    s.window.promptPanel()->setPrompt("a boat");
    s.window.generate();
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->rowCount(), 1, kTimeout);
    const quint64 nextSeed = seed->seed();
    const GalleryItem original = s.window.galleryModel()->item(0);
    QVERIFY(s.window.varyImage(original, VarySettings{3, 0.2, 50}) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->rowCount(), 4, kTimeout);
    for (int i = 1; i < 4; ++i) {
      const GalleryItem& v = s.window.galleryModel()->item(i);
      QCOMPARE(v.seed, 4242ull);
      QCOMPARE(v.variationSeed, quint64(50 + i - 1));
      QCOMPARE(v.settings.variationStrength, 0.2);
      QCOMPARE(v.prompt, QString("a boat"));
    }
    QCOMPARE(seed->seed(), nextSeed);
    s.window.galleryPanel()->selectRow(2);
    QVERIFY(s.window.galleryPanel()->detailsText().contains("variation seed 51 at 0.2"));

    // The button asks first (count and strength), then renders.
    sd::test::answerNextDialog("varyRender");
    s.window.galleryPanel()->findChild<QPushButton*>("varyImage")->click();
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->rowCount(), 8, kTimeout);
    QCOMPARE(s.window.galleryModel()->item(7).settings.variationStrength, VarySettings{}.strength);

    // Restore settings on variation 51: the next request remakes it alone.
    Q_EMIT s.window.galleryPanel()->restoreSettingsRequested(s.window.galleryModel()->item(2));
    s.window.settingsPanel()->setBatch(1);
    const auto request = s.window.currentRequest();
    QCOMPARE(request.seed, uint64_t(4242));
    QCOMPARE(request.variationSeed, uint64_t(51));
    QCOMPARE(request.variationStrength, 0.2);
    s.window.settingsPanel()->variationControls()->setStrength(0);
    QCOMPARE(s.window.currentRequest().variationStrength, 0.0);
    QVERIFY(s.idle());
  }

  void cancelIsHonouredWithinOneStep() {
    std::atomic<int> steps{0};
    Studio s({20, &steps});
    QVERIFY(s.ready());
    s.window.settingsPanel()->setSteps(100);
    QSignalSpy finished(s.controller.worker(), &sd::studio::InferenceWorker::jobFinished);
    s.window.promptPanel()->setPrompt("slow");
    s.window.generate();
    QTRY_VERIFY_WITH_TIMEOUT(steps.load() >= 3, kTimeout);
    auto* cancel = s.window.queuePanel()->findChild<QPushButton*>("cancelCurrent");
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    const int atClick = steps.load();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeout);
    QCOMPARE(finished.first().at(1).toBool(), true);  // cancelled
    QVERIFY2(steps.load() - atClick <= 1, qPrintable(QString("ran %1 more steps").arg(steps.load() - atClick)));
    QCOMPARE(s.window.galleryModel()->rowCount(), 0);
    QVERIFY(!s.window.jobQueue()->isBusy());
  }

  void queueShowsJobsAndClears() {
    Studio s({10});
    QVERIFY(s.ready());
    s.window.settingsPanel()->setSteps(30);
    s.window.promptPanel()->setPrompt("first");
    s.window.generate();
    s.window.generate();
    s.window.generate();
    QCOMPARE(s.window.queuePanel()->listedJobs(), 3);  // one running, two waiting
    QTRY_VERIFY_WITH_TIMEOUT(s.window.queuePanel()->progressText().contains("step"), kTimeout);
    QVERIFY(s.window.queuePanel()->progressText().contains("it/s"));
    QVERIFY(s.window.queuePanel()->progressText().contains("ETA"));
    auto* clear = s.window.queuePanel()->findChild<QPushButton*>("clearQueue");
    QTest::mouseClick(clear, Qt::LeftButton);
    QCOMPARE(s.window.queuePanel()->listedJobs(), 1);
    QVERIFY(s.idle());
    QCOMPARE(s.window.galleryModel()->rowCount(), 1);
  }

  void badModelIsAnErrorNotACrash() {
    QTemporaryDir dir;
    QDir(dir.path()).mkdir("broken");
    Studio s({}, dir.path() + "/broken");
    QTRY_VERIFY_WITH_TIMEOUT(!s.window.lastError().isEmpty(), kTimeout);
    QVERIFY(s.window.lastError().contains("model_index.json"));
    QVERIFY(s.window.findChild<QLabel*>("errorBanner")->isVisible());
    // The CLIP model loads beside it and may answer after the failure: the
    // panel stops saying "loading" once both have answered.
    QTRY_VERIFY_WITH_TIMEOUT(!s.window.modelPanel()->isLoading(), kTimeout);
    QVERIFY(s.window.modelPanel()->statusText().contains("No model loaded"));
    // With no model at all a request fails at once, saying so: it never waits forever.
    QVERIFY(s.window.generate() > 0);
    QVERIFY(s.idle());
    QVERIFY2(s.window.lastError().contains("No model is loaded"), qPrintable(s.window.lastError()));
  }

  void comparisonSetRendersAtTheSameSeeds() {
    Studio s;
    QVERIFY(s.ready());
    s.window.settingsPanel()->seedControls()->setSeed(10);
    s.window.comparisonPanel()->setPrompts({"a dog", "a cat", "a car"});
    QCOMPARE(s.window.comparisonSet()->prompts(), QStringList({"a dog", "a cat", "a car"}));
    QVERIFY(s.window.renderComparison(s.window.comparisonSet()->prompts(), 2) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->rowCount(), 6, kTimeout);
    ComparisonGrid* grid = s.window.comparisonPanel()->grid();
    QTRY_COMPARE_WITH_TIMEOUT(grid->seeds().size(), 2, kTimeout);
    QCOMPARE(grid->seeds(), QVector<quint64>({10, 11}));
    for (int seed = 0; seed < 2; ++seed)
      for (int p = 0; p < 3; ++p) QVERIFY(grid->rowAt(seed, p) >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->confusion().images, 6, kTimeout);
    QVERIFY(s.window.comparisonPanel()->summaryText().contains("of 6"));
    // Too few prompts is refused with a message.
    QCOMPARE(s.window.renderComparison({"only one"}, 2), 0);
    QVERIFY(!s.window.lastError().isEmpty());
  }

  void tokenCounterCountsAgainst75() {
    Studio s;
    QVERIFY(s.ready());
    s.window.promptPanel()->setPrompt("a photo of a cat");
    QVERIFY(s.window.promptPanel()->promptCounterText().endsWith("/75"));
    // The counter follows edits after a short debounce.
    QTRY_VERIFY_WITH_TIMEOUT(s.window.promptPanel()->promptCounterText().section('/', 0, 0).toInt() > 0, 2000);
    QVERIFY(s.window.promptPanel()->promptCounterText().endsWith("/75"));
    const int shortCount = s.window.promptPanel()->promptCounterText().section('/', 0, 0).toInt();
    QVERIFY2(shortCount >= 1 && shortCount <= 16, qPrintable(s.window.promptPanel()->promptCounterText()));
    s.window.promptPanel()->setPrompt(QString("cat ").repeated(90));
    QTRY_VERIFY_WITH_TIMEOUT(s.window.promptPanel()->promptCounterText().section('/', 0, 0).toInt() >= 90, 2000);
  }

  void settingsAndLayoutSurviveARestart() {
    {
      MainWindow window;
      window.show();
      window.settingsPanel()->setSteps(13);
      window.settingsPanel()->setScheduler("Euler a");
      window.close();
    }
    MainWindow again;
    QCOMPARE(again.currentRequest().steps, 13);
    QCOMPARE(again.settingsPanel()->schedulerId(), QString("euler_ancestral"));
    QVERIFY(QSettings().contains("window/state"));
  }

  void galleryIsBackAfterARestart() {
    // Images a previous run wrote through the gallery store come back.
    QTemporaryDir folder;
    {
      sd::GalleryStore store(folder.path().toStdString());
      sd::ImageRecipe recipe;
      recipe.prompt = "a lighthouse at dusk";
      recipe.seed = 42;
      recipe.width = recipe.height = 64;
      store.add(sd::RgbImage::blank(64, 64), recipe);
      recipe.seed = 43;
      store.add(sd::RgbImage::blank(64, 64), recipe);
    }
    MainWindow window;
    window.setOutputDir(folder.path());
    QSignalSpy reopened(&window, &MainWindow::galleryReopened);
    window.reopenGallery();
    QVERIFY(window.isReopeningGallery());  // read on a worker thread: the window stays live meanwhile
    QVERIFY(reopened.wait(10000));
    QCOMPARE(reopened.at(0).at(0).toInt(), 2);
    QCOMPARE(window.galleryModel()->rowCount(), 2);
  }

  void newImagesGoToTodaysGalleryTheNewestIsShown() {
    // Galleries are one folder per day (README "Where files go"): the window
    // shows the newest and writes new images into today's.
    QTemporaryDir root;
    const QByteArray saved = qgetenv("SDSTUDIO_GALLERY_DIR");
    qputenv("SDSTUDIO_GALLERY_DIR", root.path().toUtf8());
    for (const char* day : {"2020-01-01", "2020-01-02"}) {  // days long past
      sd::GalleryStore store(root.path().toStdString() + "/" + day);
      sd::ImageRecipe recipe;
      recipe.prompt = day;
      store.add(sd::RgbImage::blank(64, 64), recipe);
    }
    MainWindow window;
    window.reopenGallery();
    QTRY_VERIFY(!window.isReopeningGallery());
    QCOMPARE(window.galleryModel()->rowCount(), 1);
    QCOMPARE(window.galleryModel()->item(0).prompt, QString("2020-01-02"));
    QCOMPARE(window.outputDir(),
             root.path() + "/" + QString::fromStdString(sd::galleryNameFor(std::chrono::system_clock::now())));
    QCOMPARE(window.galleryShown(), root.path() + "/2020-01-02");  // exported until today's has an image
    qputenv("SDSTUDIO_GALLERY_DIR", saved);
  }

  void openedImageRestoresItsSettings() {
    // An A1111 PNG opened (or dropped) restores prompt, steps, sampler and seed.
    QTemporaryDir folder;
    const auto path = folder.path() + "/a1111.png";
    sd::writePng(path.toStdString(), sd::RgbImage::blank(64, 64),
                 {{"parameters", "a red fox in snow\nNegative prompt: blurry\nSteps: 17, Sampler: Euler a, "
                                 "CFG scale: 6.5, Seed: 1234, Size: 64x64"}});
    MainWindow window;
    window.show();
    sd::ui::showImageSettings(window, path);
    auto* dialog = window.findChild<sd::ui::ImageSettingsDialog*>();
    QVERIFY(dialog && dialog->hasSettings());
    QTest::mouseClick(dialog->useButton(), Qt::LeftButton);
    const auto request = window.currentRequest();
    QCOMPARE(request.steps, 17);
    QCOMPARE(request.seed, 1234ull);
    QCOMPARE(QString::fromStdString(request.prompts.front()), QString("a red fox in snow"));
    QCOMPARE(window.settingsPanel()->schedulerId(), QString("euler_ancestral"));
  }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
