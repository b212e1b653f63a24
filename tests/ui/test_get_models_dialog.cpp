// Models > Get models… (ui/get_models_dialog.h) downloading the demo models
// from a local HTTP server (support/test_http_server.h): installs and
// reports the new model, cancels a slow download keeping its .part, resumes
// it, and shows a corrupt download's error — the window stays responsive
// throughout (the work runs on a worker thread; QTRY_ spins the event loop).
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeWidget>
#include <QtTest>

#include <filesystem>

#include "core/catalogue/known_models.h"
#include "ui/get_models_dialog.h"
#include "support/test_http_server.h"

using namespace sd;
namespace fs = std::filesystem;

namespace {
const QString kData = QStringLiteral(SD_TEST_DATA_DIR);
const fs::path kManifest = fs::path(SD_TEST_DATA_DIR) / ".." / ".." / "models" / "known_models.json";
}  // namespace

class TestGetModelsDialog : public QObject {
  Q_OBJECT

  QTemporaryDir m_tmp;
  std::unique_ptr<test::TestHttpServer> m_server;

  std::unique_ptr<ui::GetModelsDialog> dialog(const QString& dir) {
    auto d = std::make_unique<ui::GetModelsDialog>(KnownModels::load(kManifest), m_tmp.filePath(dir));
    d->show();
    return d;
  }
  static QString stateOf(ui::GetModelsDialog& d, const QString& id) {
    auto* list = d.findChild<QTreeWidget*>("modelList");
    for (int i = 0; i < list->topLevelItemCount(); ++i)
      if (list->topLevelItem(i)->data(0, Qt::UserRole).toString() == id) return list->topLevelItem(i)->text(2);
    return {};
  }

 private Q_SLOTS:
  void initTestCase() {
    qunsetenv("http_proxy");
    m_server = std::make_unique<test::TestHttpServer>(kData);
  }

  void listsTheCatalogueWithSizes() {
    auto d = dialog("list");
    auto* list = d->findChild<QTreeWidget*>("modelList");
    QStringList names;
    for (int i = 0; i < list->topLevelItemCount(); ++i) names << list->topLevelItem(i)->text(0) + " " + list->topLevelItem(i)->text(1);
    QVERIFY2(names.join('|').contains("Stable Diffusion v1.4 ~4.31 GB"), qPrintable(names.join('|')));
    QVERIFY2(names.join('|').contains("CLIP ViT-B/32 ~612 MB"), qPrintable(names.join('|')));
    QVERIFY(!names.join('|').contains("pickle"));  // never offered for download here
    QCOMPARE(stateOf(*d, "demo-clip"), QString("not installed"));
  }

  void downloadsAndReportsTheNewModel() {
    auto d = dialog("ok");
    QSignalSpy installed(d.get(), &ui::GetModelsDialog::modelInstalled);
    d->selectModel("demo-clip");
    d->setSource(m_server->base("ok", "tiny-clip"));
    d->download();
    QVERIFY(d->isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(!d->isBusy(), 60'000);
    QVERIFY2(d->statusText().contains("Installed in"), qPrintable(d->statusText()));
    QCOMPARE(installed.count(), 1);
    QCOMPARE(installed[0][0].toString(), m_tmp.filePath("ok") + "/demo-clip");
    QCOMPARE(installed[0][1].toString(), QString("clip"));
    QCOMPARE(stateOf(*d, "demo-clip"), QString("installed"));
  }

  void cancelKeepsThePartAndDownloadResumes() {
    auto d = dialog("slow");
    d->selectModel("demo-sd");
    d->setSource(m_server->base("slow", "tiny-sd"));
    d->download();
    QTRY_VERIFY_WITH_TIMEOUT(d->statusText().contains("Downloading text_encoder/model.safetensors"), 60'000);
    QVERIFY2(d->statusText().contains(" of 19.6 MB"), qPrintable(d->statusText()));
    d->findChild<QPushButton*>("cancelButton")->click();
    QTRY_VERIFY_WITH_TIMEOUT(!d->isBusy(), 30'000);
    QVERIFY2(d->statusText().contains("Cancelled"), qPrintable(d->statusText()));
    QVERIFY(QFileInfo::exists(m_tmp.filePath("slow/demo-sd/text_encoder/model.safetensors.part")));
    QVERIFY2(stateOf(*d, "demo-sd").startsWith("partly downloaded"), qPrintable(stateOf(*d, "demo-sd")));
    d->setSource(m_server->base("ok", "tiny-sd"));
    d->findChild<QPushButton*>("downloadButton")->click();
    QTRY_VERIFY_WITH_TIMEOUT(!d->isBusy(), 60'000);
    QVERIFY2(d->statusText().contains("Installed in"), qPrintable(d->statusText()));
  }

  void corruptDownloadShowsTheError() {
    auto d = dialog("corrupt");
    d->selectModel("demo-clip");
    d->setSource(m_server->base("corrupt", "tiny-clip"));
    d->download();
    QTRY_VERIFY_WITH_TIMEOUT(!d->isBusy(), 60'000);
    QVERIFY2(d->statusText().contains("sha256 mismatch") && d->statusText().contains("nothing was installed"),
             qPrintable(d->statusText()));
    QCOMPARE(stateOf(*d, "demo-clip"), QString("not installed"));
  }

  void closingWhileBusyCancels() {
    auto d = dialog("close");
    d->selectModel("demo-sd");
    d->setSource(m_server->base("slow", "tiny-sd"));
    d->download();
    d->reject();  // Esc: cancels first, the dialog stays
    QTRY_VERIFY_WITH_TIMEOUT(!d->isBusy(), 30'000);
    QVERIFY(d->isVisible());
  }
};

QTEST_MAIN(TestGetModelsDialog)
#include "test_get_models_dialog.moc"
