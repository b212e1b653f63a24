// The gallery filter in the window (issue 13 item 4), driven as a user
// would: typing a query narrows the grid and shows "n of m", the comparison
// view and File ▸ Export follow the same filter, a query it cannot read
// keeps the last good filter and says why; the comparison set loads from
// and saves to a text file of prompts.
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QtTest>

#include "test_settings.h"

#include "core/gallery/gallery_store.h"
#include "studio_fixture.h"
#include "ui/export_dialog.h"
#include "ui/file_actions.h"
#include "ui/model/comparison_set.h"
#include "ui/model/gallery_model.h"
#include "ui/panels/comparison_panel.h"
#include "ui/panels/gallery_panel.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/seed_controls.h"
#include "ui/widgets/comparison_grid.h"
#include "ui/widgets/gallery_filter_box.h"

using namespace sd::ui;
using sd::test::kTimeout;
using sd::test::Studio;

namespace {

void generate(Studio& s, const QString& prompt, quint64 seed) {
  s.window.settingsPanel()->seedControls()->setLocked(true);
  s.window.settingsPanel()->seedControls()->setSeed(seed);
  s.window.promptPanel()->setPrompt(prompt);
  QVERIFY(s.window.generate() > 0);
}

int shown(Studio& s) { return s.window.galleryPanel()->view()->model()->rowCount(); }

// Types the query into the box as a user would and waits out the pause.
void typeQuery(Studio& s, const QString& query) {
  QLineEdit* edit = s.window.galleryPanel()->filterBox()->edit();
  edit->clear();
  QTest::keyClicks(edit, query);
  QTest::qWait(GalleryFilterBox::kPauseMs + 100);
}

}  // namespace

class TestGalleryFilterWindow : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void init() { sd::test::freshSettings("test_gallery_filter_window"); }

  void filterNarrowsGridComparisonAndExport() {
    Studio s;
    QVERIFY(s.ready());
    generate(s, "a red fox", 1);
    generate(s, "a lighthouse", 1);
    generate(s, "a red fox", 2);
    QVERIFY(s.idle());
    QCOMPARE(s.window.galleryModel()->rowCount(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->probabilities(0).size(), 2, kTimeout);
    auto* box = s.window.galleryPanel()->filterBox();
    QCOMPARE(box->statusText(), QString());

    typeQuery(s, "fox");
    QCOMPARE(shown(s), 2);
    QCOMPARE(box->statusText(), QString("2 of 3"));
    typeQuery(s, "fox seed:2");
    QCOMPARE(shown(s), 1);
    QCOMPARE(s.window.galleryModel()->item(s.window.galleryPanel()->proxy()->mapToSource(
                                            s.window.galleryPanel()->proxy()->index(0, 0)).row()).seed, 2u);
    // The comparison grid has only the fox at seed 2; the matrix counts one image.
    ComparisonGrid* grid = s.window.comparisonPanel()->grid();
    QCOMPARE(grid->seeds(), QVector<quint64>{2});
    QVERIFY2(s.window.comparisonPanel()->summaryText().contains("of 1</b> images") &&
                 s.window.comparisonPanel()->summaryText().contains("Filter: fox seed:2"),
             qPrintable(s.window.comparisonPanel()->summaryText()));

    // A query it cannot read: red, the reason, the last good filter kept.
    typeQuery(s, "fox seed:two");
    QVERIFY(box->rejected());
    QVERIFY2(box->statusText().contains("seed:two"), qPrintable(box->statusText()));
    QCOMPARE(shown(s), 1);

    // Export: the dialog offers the filter; only the kept image is written.
    typeQuery(s, "-lighthouse");
    QCOMPARE(shown(s), 2);
    {
      ExportDialog dialog(nullptr, s.window.galleryModel()->filterQuery());
      auto* only = dialog.findChild<QCheckBox*>("exportFiltered");
      QVERIFY(only && only->isChecked() && only->text().contains("-lighthouse"));
      QCOMPARE(dialog.choice().filter, QString("-lighthouse"));
      only->setChecked(false);
      QCOMPARE(dialog.choice().filter, QString());
    }
    QTemporaryDir out;
    ExportChoice choice;
    choice.folder = out.path();
    choice.html = choice.contactSheet = true;
    choice.csv = choice.json = choice.zip = false;
    choice.filter = s.window.galleryModel()->filterQuery();
    QString error;
    QVERIFY2(!exportGalleryTo(s.window, s.window.outputDir(), choice, &error).isEmpty(), qPrintable(error));
    const QString exported = QDir(out.path()).filePath(QDir(s.window.outputDir()).dirName());
    QCOMPARE(QDir(exported + "/images").entryList(QDir::Files).size(), 2);
    for (const QString& name : QDir(exported + "/images").entryList(QDir::Files)) QVERIFY2(name.contains("fox"), qPrintable(name));
    QVERIFY(QFile::exists(exported + "/contact-sheet.png"));

    // Cleared: everything is back, and new images are counted as they come.
    typeQuery(s, "");
    QCOMPARE(shown(s), 3);
    QCOMPARE(box->statusText(), QString());
    typeQuery(s, "fox");
    generate(s, "a red fox", 3);
    QVERIFY(s.idle());
    QTRY_COMPARE_WITH_TIMEOUT(box->statusText(), QString("3 of 4"), kTimeout);
  }

  // Issue 31 item 1: model: matched the hash in the CLI and never in the
  // window, whose items had no hash (so "0 of 2", and an export of 2).
  void modelFilterMatchesTheHashAsTheCliDoes() {
    Studio s;
    QVERIFY(s.ready());
    generate(s, "a cat", 1);
    generate(s, "a dog", 1);
    QVERIFY(s.idle());
    const auto entries = sd::loadGallery(s.window.outputDir().toStdString()).entries;
    QCOMPARE(entries.size(), std::size_t(2));
    const QString hash = QString::fromStdString(entries[0].recipe.modelHash);
    QVERIFY2(hash.size() >= 8, qPrintable(hash));
    typeQuery(s, "model:" + hash.left(4));
    QCOMPARE(shown(s), 2);
    typeQuery(s, "model:" + hash.toUpper());
    QCOMPARE(shown(s), 2);
    typeQuery(s, "-model:" + hash.left(6));
    QCOMPARE(shown(s), 0);
    // Reopened from disk, the items carry the hash their PNGs store.
    Studio again({}, SD_TEST_DATA_DIR "/tiny-sd", s.window.outputDir());
    QCOMPARE(again.window.galleryModel()->rowCount(), 2);
    typeQuery(again, "model:" + hash.left(4));
    QCOMPARE(shown(again), 2);
  }

  void marginFollowsTheLiveBars() {
    Studio s;
    QVERIFY(s.ready());
    generate(s, "a cat", 1);
    generate(s, "a dog", 1);
    QVERIFY(s.idle());
    QTRY_COMPARE_WITH_TIMEOUT(s.window.galleryModel()->probabilities(0).size(), 2, kTimeout);
    double best = -2;
    for (int row = 0; row < 2; ++row)
      best = std::max(best, s.window.galleryModel()->index(row).data(GalleryModel::MarginRole).toDouble());
    typeQuery(s, QString("margin:>%1").arg(best));
    QCOMPARE(shown(s), 0);
    typeQuery(s, QString("margin:>=%1").arg(best - 1e-9, 0, 'f', 12));
    QVERIFY(shown(s) >= 1);
  }

  void comparisonSetFromAndToAFile() {
    Studio s;
    QVERIFY(s.ready());
    QTemporaryDir dir;
    QFile file(dir.filePath("set.txt"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("\xEF\xBB\xBF" "a red fox\r\n\r\na lighthouse at dusk\r\n  a cat  \n");
    file.close();
    ComparisonPanel* panel = s.window.comparisonPanel();
    QVERIFY(panel->loadPromptsFile(file.fileName()));
    QCOMPARE(s.window.comparisonSet()->prompts(), (QStringList{"a red fox", "a lighthouse at dusk", "a cat"}));
    QVERIFY(panel->savePromptsFile(dir.filePath("saved.txt")));
    QFile saved(dir.filePath("saved.txt"));
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), QByteArray("a red fox\na lighthouse at dusk\na cat\n"));
    // A file it cannot read: a message naming it, the set unchanged.
    sd::test::answerNextDialog({});
    QVERIFY(!panel->loadPromptsFile(dir.filePath("missing.txt")));
    QCOMPARE(s.window.comparisonSet()->prompts().size(), 3);
  }
};

QTEST_MAIN(TestGalleryFilterWindow)
#include "test_gallery_filter_window.moc"
