// The window's "image settings" dialog: shows any PNG's, JPEG's or WebP's
// settings and hands them back as a request; foreign, unrecognised and
// unreadable files handled.
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include "core/schedulers/scheduler_names.h"
#include "core/image/png_io.h"
#include "core/metadata/image_recipe.h"
#include "ui/file_actions.h"
#include "ui/image_settings_dialog.h"

class TestImageSettingsDialog : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void showsAndRestoresOurs() {
    QTemporaryDir dir;
    sd::ImageRecipe r;
    r.prompt = "a lighthouse";
    r.seed = 77;
    r.steps = 14;
    r.schedulerId = "ddim";
    const QString path = dir.path() + "/x.png";
    sd::writePng(path.toStdString(), sd::RgbImage::blank(8, 8),
                 {{"parameters", sd::formatInfotext(r)}, {"sdstudio", sd::formatRecipeJson(r)}});
    sd::ui::ImageSettingsDialog dialog(path);
    QVERIFY(dialog.hasSettings());
    QVERIFY2(dialog.text().contains("Seed: 77"), qPrintable(dialog.text()));
    int emitted = 0;
    sd::GenerationRequest request;
    connect(&dialog, &sd::ui::ImageSettingsDialog::useSettings, this, [&](const sd::GenerationRequest& r) {
      request = r;
      ++emitted;
    });
    dialog.useButton()->click();
    QCOMPARE(emitted, 1);
    QCOMPARE(request.seed, uint64_t(77));
    QCOMPARE(request.steps, 14);
    QCOMPARE(QString::fromStdString(sd::schedulerId(request.scheduler)), QString("ddim"));
  }

  void plainAndBrokenFiles() {
    QTemporaryDir dir;
    const QString plain = dir.path() + "/plain.png";
    sd::writePng(plain.toStdString(), sd::RgbImage::blank(8, 8));
    sd::ui::ImageSettingsDialog none(plain);
    QVERIFY(!none.hasSettings());
    QVERIFY(!none.useButton()->isEnabled());
    sd::ui::ImageSettingsDialog missing(dir.path() + "/missing.png");
    QVERIFY(missing.text().contains("missing.png"));
    QVERIFY(!missing.useButton()->isEnabled());
  }

  void otherToolsAndFormats() {
    const QString corpus = QString(SD_TEST_DATA_DIR) + "/other-tools/";
    sd::ui::ImageSettingsDialog jpeg(corpus + "automatic1111_cropped.jpg");
    QVERIFY(jpeg.hasSettings());
    QVERIFY2(jpeg.text().contains("Found in: EXIF UserComment") && jpeg.text().contains("Seed: 235284042"), qPrintable(jpeg.text()));
    sd::GenerationRequest request;
    connect(&jpeg, &sd::ui::ImageSettingsDialog::useSettings, this, [&](const sd::GenerationRequest& r) { request = r; });
    jpeg.useButton()->click();
    QCOMPARE(request.width, 512);
    QCOMPARE(request.height, 400);
    sd::ui::ImageSettingsDialog invoke(corpus + "invokeai_dream1.png");
    QVERIFY2(invoke.hasSettings() && invoke.text().contains("Source: invokeai"), qPrintable(invoke.text()));
    // A tool's metadata we cannot read is said, and nothing is offered.
    QTemporaryDir dir;
    const QString workflow = dir.path() + "/workflow-only.png";
    sd::writePng(workflow.toStdString(), sd::RgbImage::blank(8, 8), {{"workflow", "{\"nodes\": []}"}});
    sd::ui::ImageSettingsDialog unrecognised(workflow);
    QVERIFY(!unrecognised.hasSettings());
    QVERIFY(!unrecognised.useButton()->isEnabled());
    QVERIFY2(unrecognised.text().contains("unrecognised metadata from ComfyUI"), qPrintable(unrecognised.text()));
  }

  void droppableFileNames() {
    for (const char* name : {"a.png", "b.JPG", "c.jpeg", "d.webp", "e.jfif"}) QVERIFY(sd::ui::isSettingsImage(name));
    for (const char* name : {"a.gif", "b.txt", "png"}) QVERIFY(!sd::ui::isSettingsImage(name));
  }
};

QTEST_MAIN(TestImageSettingsDialog)
#include "test_image_settings_dialog.moc"
