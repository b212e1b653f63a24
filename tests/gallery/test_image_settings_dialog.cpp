// The window's "image settings" dialog: shows any PNG's settings and hands
// them back as a request; foreign and unreadable files handled.
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include "core/image/png_io.h"
#include "core/metadata/image_recipe.h"
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
    QCOMPARE(QString::fromStdString(request.scheduler), QString("ddim"));
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
};

QTEST_MAIN(TestImageSettingsDialog)
#include "test_image_settings_dialog.moc"
