// The studio end to end with the real pipeline and the tiny models (random
// weights, 64×64, few steps): generate, preview order, cancel mid-run,
// event-loop latency during a run, CLIP bars and re-scoring, img2img.
#include <QElapsedTimer>
#include <QImageReader>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>
#include <QCheckBox>
#include <QtTest>
#include <atomic>

#include "app/studio/engines.h"
#include "app/studio/inference_worker.h"
#include "app/studio/studio_controller.h"
#include "core/clip/clip_scores.h"
#include "core/metadata/settings_reader.h"
#include "core/text/prompt_syntax.h"
#include "ui/main_window.h"
#include "ui/model/comparison_set.h"
#include "ui/model/gallery_model.h"
#include "ui/model/job_queue.h"
#include "ui/panels/comparison_panel.h"
#include "ui/panels/model_panel.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/seed_controls.h"
#include "ui/panels/gallery_panel.h"
#include "ui/panels/init_image_box.h"
#include "ui/panels/settings_panel.h"
#include "ui/widgets/insight_pane.h"
#include "ui/widgets/trajectory_chart.h"
#include "ui/widgets/word_influence_view.h"

using namespace sd::ui;
using sd::studio::InferenceWorker;
using sd::studio::StudioController;

namespace {
constexpr int kTimeout = 120000;
}

class TestStudioPipeline : public QObject {
  Q_OBJECT

  QTemporaryDir m_dir;
  std::unique_ptr<MainWindow> m_window;
  std::unique_ptr<StudioController> m_controller;

  InferenceWorker* worker() const { return m_controller->worker(); }
  bool idle() {
    return QTest::qWaitFor([&] { return !m_window->jobQueue()->isBusy() && m_window->jobQueue()->pending().isEmpty(); },
                           kTimeout);
  }
  void setRun(const QString& prompt, int steps, int batch) {
    m_window->promptPanel()->setPrompt(prompt);
    m_window->settingsPanel()->setSteps(steps);
    m_window->settingsPanel()->setBatch(batch);
  }

 private Q_SLOTS:
  void initTestCase() {
    QCoreApplication::setOrganizationName("sdstudio-tests");
    QCoreApplication::setApplicationName("test_studio_pipeline");
    QSettings().clear();
    m_window = std::make_unique<MainWindow>();
    m_controller = std::make_unique<StudioController>(m_window.get(), sd::studio::realEngines());
    m_window->setOutputDir(m_dir.path());
    m_window->show();
    m_window->modelPanel()->selectSdModel(SD_TEST_DATA_DIR "/tiny-sd");
    m_window->modelPanel()->selectClipModel(SD_TEST_DATA_DIR "/tiny-clip");
    QElapsedTimer t;
    t.start();
    m_window->loadModels();
    QVERIFY(QTest::qWaitFor([&] { return !m_window->modelPanel()->isLoading(); }, kTimeout));
    QVERIFY2(m_window->lastError().isEmpty(), qPrintable(m_window->lastError()));
    QVERIFY(m_window->jobQueue()->isReady());
    qInfo("tiny models loaded in %lld ms", t.elapsed());
    m_window->settingsPanel()->setSize(64, 64);
    m_window->settingsPanel()->seedControls()->setSeed(1);
    m_window->settingsPanel()->seedControls()->setLocked(true);
  }

  void cleanupTestCase() {
    m_controller.reset();
    m_window.reset();
  }

  void generatesIntoTheGalleryWithClipBars() {
    setRun("a small red house", 4, 1);
    const int before = m_window->galleryModel()->rowCount();
    QVERIFY(m_window->generate() > 0);
    QVERIFY(idle());
    QVERIFY2(m_window->lastError().isEmpty(), qPrintable(m_window->lastError()));
    QCOMPARE(m_window->galleryModel()->rowCount(), before + 1);
    const GalleryItem& item = m_window->galleryModel()->item(before);
    QCOMPARE(item.image.size(), QSize(64, 64));
    QCOMPARE(item.seed, 1ull);
    QVERIFY(!item.imageEmbedding.empty());
    QVERIFY(QFileInfo::exists(item.filePath));
    QCOMPARE(QImage(item.filePath).size(), QSize(64, 64));
    const QString parameters = QImageReader(item.filePath).text("parameters");
    QVERIFY2(parameters.contains("Seed: 1,") && parameters.contains("Sampler: DPM++ 2M"), qPrintable(parameters));
    // Persisted through the gallery store: the full recipe with CLIP scores, and the index.
    const QString recipe = QImageReader(item.filePath).text("sdstudio");
    QVERIFY2(recipe.contains("\"probabilities\"") && recipe.contains("\"image_embedding\""), qPrintable(recipe));
    QVERIFY(QFileInfo::exists(QFileInfo(item.filePath).dir().filePath("gallery.json")));
  }

  void previewSignalsArriveInOrder() {
    setRun("a blue bird", 5, 2);
    QStringList events;
    QObject context;
    connect(worker(), &InferenceWorker::jobStarted, &context, [&](int) { events << "start"; });
    // A preview reads the latents back from the device: core sends one at
    // most every 0.1 s, and always at an image's last step.
    connect(worker(), &InferenceWorker::stepProgress, &context, [&](int, const sd::StepProgress& p) {
      if (p.withinStep > 0) return;  // progress inside a step: the UNet's blocks, never a preview
      QVERIFY(!p.preview.empty() || p.step < p.steps);
      if (!p.preview.empty()) QCOMPARE(p.preview.width, 8);  // the linear latent preview: 64 / 8
      events << QString("step %1.%2").arg(p.imageNumber).arg(p.step);
    });
    connect(worker(), &InferenceWorker::imageReady, &context, [&](const GalleryItem& i) { events << QString("image %1").arg(i.seed); });
    connect(worker(), &InferenceWorker::jobFinished, &context, [&](int, bool cancelled) { events << (cancelled ? "cancelled" : "done"); });
    m_window->generate();
    QVERIFY(idle());
    QStringList expected{"start"};
    for (int image = 1; image <= 2; ++image) {
      for (int step = 1; step <= 5; ++step) expected << QString("step %1.%2").arg(image).arg(step);
      expected << QString("image %1").arg(image);  // seeds 1 and 2
    }
    expected << "done";
    QCOMPARE(events, expected);
  }

  // A cancel lands inside the step under way (at full size on a CPU a step
  // takes a minute): asked for at the first progress report inside step 1,
  // the job ends cancelled before any step has finished, and the queue says
  // "Cancelling…" from the moment it is asked.
  void cancelLandsInsideAStep() {
    setRun("a red lighthouse", 20, 1);
    QList<double> within;
    int finishedSteps = 0;
    QObject context;
    // Direct: runs on the inference thread, so the cancel is asked while the step is still under way.
    connect(worker(), &InferenceWorker::stepProgress, &context, [&](int jobId, const sd::StepProgress& p) {
      if (p.withinStep > 0) {
        within << p.withinStep;
        if (within.size() == 1) worker()->requestCancel(jobId);
      } else {
        ++finishedSteps;
      }
    }, Qt::DirectConnection);
    QSignalSpy finished(worker(), &InferenceWorker::jobFinished);
    const int before = m_window->galleryModel()->rowCount();
    m_window->generate();
    QVERIFY(idle());
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(1).toBool(), true);  // cancelled
    QCOMPARE(finishedSteps, 0);
    QCOMPARE(within.size(), 1);  // the next interruption point stopped it
    QCOMPARE(m_window->galleryModel()->rowCount(), before);

    // The queue acknowledges a cancel at once.
    setRun("a red lighthouse", 20, 1);
    m_window->generate();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->jobQueue()->isBusy(), kTimeout);
    m_window->jobQueue()->cancelCurrent();
    QVERIFY(m_window->jobQueue()->isCancelling());
    QVERIFY(idle());
    QVERIFY(!m_window->jobQueue()->isCancelling());
  }

  void vaeDecodedPreviewEveryNSteps() {
    setRun("a green tree", 4, 1);
    sd::GenerationRequest r = m_window->currentRequest();
    r.previewDecodeEvery = 2;
    QList<bool> decoded;
    QObject context;
    connect(worker(), &InferenceWorker::stepProgress, &context,
            [&](int, const sd::StepProgress& p) {
              if (p.withinStep > 0) return;
              decoded << p.previewDecoded;
              if (p.previewDecoded) QCOMPARE(p.preview.width, 64);
            });
    m_window->jobQueue()->enqueue(r);
    QVERIFY(idle());
    QCOMPARE(decoded, QList<bool>({false, true, false, true}));
  }

  // The worker checks the cancel flag at every step: a cancel requested during
  // step k stops the run right after step k.
  void cancelIsHonouredWithinOneStep() {
    setRun("a long run", 40, 2);
    std::atomic<int> lastStep{0};
    std::atomic<bool> requested{false};
    InferenceWorker* w = worker();
    QMetaObject::Connection c = connect(
        w, &InferenceWorker::stepProgress, w,
        [&, w](int jobId, const sd::StepProgress& p) {
          lastStep = p.step;
          if (p.step == 3 && !requested.exchange(true)) w->requestCancel(jobId);
        },
        Qt::DirectConnection);
    QSignalSpy finished(w, &InferenceWorker::jobFinished);
    const int rows = m_window->galleryModel()->rowCount();
    m_window->generate();
    QVERIFY(idle());
    disconnect(c);
    QCOMPARE(lastStep.load(), 3);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().at(1).toBool(), true);
    QCOMPARE(m_window->galleryModel()->rowCount(), rows);
  }

  // Cancel from the window (the button's path) mid-run, then the queue goes on.
  void cancelFromTheWindowMidRun() {
    setRun("another long run", 60, 1);
    QObject context;
    int steps = 0;
    connect(worker(), &InferenceWorker::stepProgress, &context, [&](int, const sd::StepProgress&) {
      if (++steps == 2) m_window->cancelCurrent();
    });
    const int rows = m_window->galleryModel()->rowCount();
    m_window->generate();
    setRun("after the cancel", 3, 1);
    m_window->generate();
    QVERIFY(idle());
    QVERIFY2(steps < 60 + 3, qPrintable(QString::number(steps)));
    QCOMPARE(m_window->galleryModel()->rowCount(), rows + 1);
    QCOMPARE(m_window->galleryModel()->item(rows).prompt, QString("after the cancel"));
  }

  // The GUI thread keeps serving events while the worker renders: a 10 ms
  // timer's intervals stay near 10 ms (the 95th percentile is the measure;
  // the worst one is reported, it also counts the machine's scheduling).
  void eventLoopStaysResponsive() {
    setRun("latency probe", 30, 2);
    QElapsedTimer clock;
    qint64 last = 0;
    QVector<qint64> gaps;
    QTimer probe;
    probe.setInterval(10);
    connect(&probe, &QTimer::timeout, this, [&] {
      const qint64 now = clock.elapsed();
      gaps << now - last;
      last = now;
    });
    m_window->generate();
    clock.start();
    probe.start();
    QVERIFY(idle());
    probe.stop();
    QVERIFY(gaps.size() > 5);
    std::sort(gaps.begin(), gaps.end());
    const qint64 p95 = gaps[int(gaps.size() * 0.95)];
    const qint64 median = gaps[gaps.size() / 2];
    qInfo("event loop during a run: %lld ticks, median %lld ms, p95 %lld ms, worst %lld ms (timer 10 ms)",
          qint64(gaps.size()), median, p95, gaps.last());
    QVERIFY2(median <= 20, qPrintable(QString("median gap %1 ms").arg(median)));
    QVERIFY2(p95 < 60, qPrintable(QString("95th percentile gap %1 ms").arg(p95)));
  }

  // Editing the comparison set re-scores from stored embeddings: only the new
  // prompt's text is embedded; the image embeddings are unchanged.
  void comparisonRescoresFromStoredEmbeddings() {
    QStringList nanTexts;
    QObject context;
    connect(worker(), &InferenceWorker::textEmbeddingsReady, &context, [&](const TextEmbeddings& t) {
      for (std::size_t i = 0; i < t.embeddings.size(); ++i)
        for (float x : t.embeddings[i])
          if (!std::isfinite(x)) { nanTexts << t.prompts[int(i)]; break; }
      if (!std::isfinite(t.logitScale)) nanTexts << "logitScale";
    });
    m_window->comparisonPanel()->setPrompts({"a cat", "a dog"});
    QVERIFY(m_window->renderComparison({"a cat", "a dog"}, 1) > 0);
    QVERIFY(idle());
    GalleryModel* model = m_window->galleryModel();
    const int last = model->rowCount() - 1;
    QTRY_COMPARE_WITH_TIMEOUT(model->probabilities(last).size(), 2, kTimeout);
    const std::vector<float> embedding = model->item(last).imageEmbedding;

    QSignalSpy texts(worker(), &InferenceWorker::textEmbeddingsReady);
    m_window->comparisonPanel()->setPrompts({"a cat", "a dog", "a bicycle"});
    QTRY_COMPARE_WITH_TIMEOUT(texts.count(), 1, kTimeout);
    QTest::qWait(50);
    QVERIFY2(nanTexts.isEmpty(), qPrintable("CLIP returned non-finite text embeddings for: " + nanTexts.join("; ")));
    QCOMPARE(model->probabilities(last).size(), 3);
    QCOMPARE(texts.first().first().value<TextEmbeddings>().prompts, QStringList({"a bicycle"}));
    QVERIFY(model->item(last).imageEmbedding == embedding);
    double sum = 0;
    QStringList values;
    for (double p : model->probabilities(last)) sum += p, values << QString::number(p);
    auto hasNan = [](const std::vector<float>& v) { return std::any_of(v.begin(), v.end(), [](float x) { return std::isnan(x); }); };
    const auto textEmbedding = texts.first().first().value<TextEmbeddings>().embeddings.at(0);
    QVERIFY2(std::abs(sum - 1) < 1e-5, qPrintable(values.join(", ") + QString(" image NaN %1, text NaN %2, sizes %3/%4, non-finite: %5")
                                                      .arg(hasNan(embedding)).arg(hasNan(textEmbedding))
                                                      .arg(embedding.size()).arg(textEmbedding.size()).arg(nanTexts.join("; "))));
    QCOMPARE(model->confusion().prompts.size(), 3);
    m_window->comparisonPanel()->setPrompts({});
  }

  void img2imgFromAGalleryImage() {
    setRun("img2img", 6, 1);
    const GalleryItem source = m_window->galleryModel()->item(0);
    m_window->settingsPanel()->setInitImage(source.image, "test");
    QCOMPARE(m_window->currentRequest().width, source.image.width() / 8 * 8);  // the init image's size, as diffusers
    const int rows = m_window->galleryModel()->rowCount();
    m_window->generate();
    QVERIFY(idle());
    QVERIFY2(m_window->lastError().isEmpty(), qPrintable(m_window->lastError()));
    QCOMPARE(m_window->galleryModel()->rowCount(), rows + 1);
    QVERIFY(m_window->galleryModel()->item(rows).img2img);
    m_window->settingsPanel()->clearInitImage();
  }

  // A mask painted over a gallery image (the painter's result, set as the
  // box takes it): the worker renders an inpainting, recorded as such.
  void inpaintingFromAGalleryImage() {
    setRun("inpaint", 6, 1);
    const GalleryItem source = m_window->galleryModel()->item(0);
    InitImageBox* box = m_window->settingsPanel()->initImageBox();
    box->setInitImage(source.image, "test");
    QImage mask(source.image.size(), QImage::Format_Grayscale8);
    mask.fill(0);
    for (int y = mask.height() / 4; y < mask.height() * 3 / 4; ++y)
      std::fill_n(mask.scanLine(y) + mask.width() / 4, mask.width() / 2, uchar(255));
    QVERIFY(box->setMask(mask));
    const auto request = m_window->currentRequest();
    QVERIFY(request.mask.has_value() && request.initImage.has_value());
    QCOMPARE(request.mask->width, source.image.width());
    const int rows = m_window->galleryModel()->rowCount();
    m_window->generate();
    QVERIFY(idle());
    QVERIFY2(m_window->lastError().isEmpty(), qPrintable(m_window->lastError()));
    QCOMPARE(m_window->galleryModel()->rowCount(), rows + 1);
    const auto recipe = sd::readSettings(m_window->galleryModel()->item(rows).filePath.toStdString()).recipe;
    QVERIFY(recipe.denoisingStrength.has_value());
    QCOMPARE(recipe.maskBlur.value_or(-1), sd::settings::kMaskBlur.fallback);
    QVERIFY(m_window->galleryModel()->item(rows).inpainted);
    m_window->galleryPanel()->selectRow(rows);
    QVERIFY2(m_window->galleryPanel()->detailsText().contains("inpainted at strength"),
             qPrintable(m_window->galleryPanel()->detailsText()));
    // Issue 31 item 5: "the rest kept" — beyond the blur's reach (10 px for
    // blur 4) the picture is the init image to the byte; without the
    // overlay (diffusers' raw output) the model repaints it too.
    const auto outsideChange = [&](const QImage& made) {
      const QImage a = source.image.convertToFormat(QImage::Format_RGB888), b = made.convertToFormat(QImage::Format_RGB888);
      double sum = 0;
      int n = 0;
      for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
          const int dx = std::max({a.width() / 4 - x, x - (a.width() * 3 / 4 - 1), 0});
          const int dy = std::max({a.height() / 4 - y, y - (a.height() * 3 / 4 - 1), 0});
          if (std::max(dx, dy) <= 10) continue;
          for (int c = 0; c < 3; ++c) sum += std::abs(int(a.constScanLine(y)[x * 3 + c]) - int(b.constScanLine(y)[x * 3 + c]));
          n += 3;
        }
      return n ? sum / n : -1.0;
    };
    QCOMPARE(outsideChange(m_window->galleryModel()->item(rows).image), 0.0);
    box->findChild<QCheckBox*>("inpaintOverlayCheck")->setChecked(false);
    QVERIFY(!m_window->currentRequest().inpaintOverlay);
    m_window->generate();
    QVERIFY(idle());
    QCOMPARE(m_window->galleryModel()->rowCount(), rows + 2);
    QVERIFY(outsideChange(m_window->galleryModel()->item(rows + 1).image) > 1.0);
    QVERIFY(!sd::readSettings(m_window->galleryModel()->item(rows + 1).filePath.toStdString()).recipe.inpaintOverlay);
    box->findChild<QCheckBox*>("inpaintOverlayCheck")->setChecked(true);
    box->clearInitImage();
    QVERIFY(!m_window->currentRequest().mask.has_value());
  }

  // With the comparison set empty the gallery compares its own latest
  // prompts; every file must store those bars, as exports and
  // sdstudio-cli info read them from there (they used to hold one bar at 100 %).
  void filesStoreTheGallerysBars() {
    m_window->comparisonPanel()->setPrompts({});
    setRun("a small red house", 3, 1);
    m_window->generate();
    setRun("a tall green tree", 3, 1);
    m_window->generate();
    QVERIFY(idle());
    m_window->storeScoresNow();
    const QStringList prompts = m_window->comparisonSet()->prompts();
    QVERIFY(prompts.size() >= 2);
    GalleryModel* model = m_window->galleryModel();
    int checked = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
      const QVector<double> shown = model->probabilities(row);
      if (shown.isEmpty() || model->item(row).filePath.isEmpty()) continue;
      const auto stored = sd::readSettings(model->item(row).filePath.toStdString()).recipe;
      QCOMPARE(int(stored.comparisonPrompts.size()), prompts.size());
      for (int i = 0; i < prompts.size(); ++i) {
        QCOMPARE(QString::fromStdString(stored.comparisonPrompts[std::size_t(i)]), prompts[i]);
        QVERIFY(std::abs(stored.probabilities.at(std::size_t(i)) - shown[i]) < 1e-4);
      }
      // Each prompt's token count goes with its bar, so exports can mark a
      // prompt CLIP scored on its first 75 tokens only.
      QCOMPARE(int(stored.comparisonTokens.size()), prompts.size());
      QCOMPARE(stored.clipTokenLimit, 75);
      for (int i = 0; i < prompts.size(); ++i) {
        QVERIFY(stored.comparisonTokens[std::size_t(i)] > 0);
        if (prompts[i] == "a small red house") QCOMPARE(stored.comparisonTokens[std::size_t(i)], 4);
      }
      ++checked;
    }
    QVERIFY(checked >= 2);
  }

  // Issue 12 in the window: with CLIP loaded the worker records the score
  // trajectory every N steps and which words matter; both reach the PNG and
  // come back when the gallery is reopened. Last: it reopens the gallery.
  void insightIsRecordedAndReopened() {
    const QString prompt = "a (small) red house, at night";
    m_window->settingsPanel()->findChild<QSpinBox*>("trajectorySpin")->setValue(3);
    setRun(prompt, 7, 1);
    const int row = m_window->galleryModel()->rowCount();
    QVERIFY(m_window->generate() > 0);
    QVERIFY(idle());
    QVERIFY2(m_window->lastError().isEmpty(), qPrintable(m_window->lastError()));
    const GalleryItem item = m_window->galleryModel()->item(row);
    const auto units = sd::promptUnits(prompt.toStdString());
    const std::vector<int> steps{3, 6, 7};  // every 3rd and the last
    QCOMPARE(item.trajectory.steps, steps);
    QCOMPARE(item.trajectory.decoder, std::string("approximation"));
    QCOMPARE(int(item.trajectory.prompts.size()), item.storedPrompts.size());
    for (const auto& probabilities : item.trajectory.probabilities)
      QCOMPARE(probabilities.size(), item.trajectory.prompts.size());
    QCOMPARE(item.explanation.units.size(), units.size());
    for (std::size_t i = 0; i < units.size(); ++i) QCOMPARE(item.explanation.units[i].text, units[i].text);

    const auto stored = sd::readSettings(item.filePath.toStdString()).recipe;
    QCOMPARE(stored.trajectory.steps, steps);
    QCOMPARE(stored.explanation.units.size(), units.size());

    m_window->reopenGallery();
    QTRY_VERIFY(!m_window->isReopeningGallery());
    GalleryModel* model = m_window->galleryModel();
    int reopened = -1;
    for (int r = 0; r < model->rowCount(); ++r)
      if (model->item(r).filePath == item.filePath) reopened = r;
    QVERIFY(reopened >= 0);
    const GalleryItem& back = model->item(reopened);
    QCOMPARE(back.trajectory.steps, steps);
    QCOMPARE(back.trajectory.probabilities.size(), item.trajectory.probabilities.size());
    QVERIFY(std::abs(back.trajectory.probabilities[2][0] - item.trajectory.probabilities[2][0]) < 1e-6);
    QCOMPARE(back.explanation.units.size(), units.size());
    QVERIFY(std::abs(back.explanation.units[1].probability - item.explanation.units[1].probability) < 1e-6);
    m_window->galleryPanel()->selectRow(reopened);
    InsightPane* pane = m_window->galleryPanel()->insightPane();
    QCOMPARE(pane->words()->unitCount(), int(units.size()));
    QCOMPARE(pane->trajectory()->pointCount(), 3);
  }
};

QTEST_MAIN(TestStudioPipeline)
#include "test_studio_pipeline.moc"
