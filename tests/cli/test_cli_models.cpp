// sdstudio-cli models list|get|verify run as a user runs them, downloading
// the demo models from a local HTTP server (support/test_http_server.h)
// that behaves, drops the connection, corrupts a byte or trickles, and
// importing them from a folder.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <csignal>
#include <filesystem>

#include "support/cli_process.h"
#include "support/test_http_server.h"

using sd::test::runCli;
namespace fs = std::filesystem;

namespace {
const QString kData = QStringLiteral(SD_TEST_DATA_DIR);
}

class TestCliModels : public QObject {
  Q_OBJECT

  QTemporaryDir m_tmp;
  std::unique_ptr<sd::test::TestHttpServer> m_server;
  QString to(const QString& name) const { return m_tmp.filePath(name); }

 private Q_SLOTS:
  void initTestCase() {
    qunsetenv("http_proxy");
    qunsetenv("HTTP_PROXY");
    qputenv("XDG_DATA_HOME", m_tmp.filePath("data-home").toUtf8());  // no user models folder of the machine's
    m_server = std::make_unique<sd::test::TestHttpServer>(kData);
  }

  void listShowsTheCatalogue() {
    const auto r = runCli({"models", "list", "--json", "--to", to("empty")});
    QCOMPARE(r.exitCode, 0);
    QMap<QString, QJsonObject> byId;
    for (const auto& v : QJsonDocument::fromJson(r.out.toUtf8()).array()) byId[v.toObject()["id"].toString()] = v.toObject();
    QVERIFY2(byId.contains("stable-diffusion-v1-4") && byId.contains("clip-vit-base-patch32"), qPrintable(r.out));
    QCOMPARE(byId["demo-sd"]["size_bytes"].toInteger(), 19'627'866);
    QCOMPARE(byId["demo-sd"]["size_exact"].toBool(), true);
    QCOMPARE(byId["demo-sd"]["installed"].toBool(), false);
    QCOMPARE(byId["stable-diffusion-v1-4"]["downloadable"].toBool(), true);
    QCOMPARE(byId["stable-diffusion-v1-4"]["size_exact"].toBool(), false);
  }

  void getFromTheServerThenVerify() {
    auto r = runCli({"models", "get", "demo-sd", "--source", m_server->base("ok", "tiny-sd"), "--to", to("http")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("installed demo-sd in " + to("http") + "/demo-sd"), qPrintable(r.out));
    r = runCli({"models", "verify", "demo-sd", "--to", to("http")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY(r.out.contains("unet/diffusion_pytorch_model.safetensors: size and sha256 ok"));
    r = runCli({"models", "list", "--to", to("http")});
    QVERIFY2(r.out.contains("demo-sd\tDemo model (random weights)\t19.6 MB\tinstalled in " + to("http") + "/demo-sd"),
             qPrintable(r.out));
    // Installed already: nothing fetched.
    r = runCli({"models", "get", "demo-sd", "--source", m_server->base("ok", "tiny-sd"), "--to", to("http")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("(0 B fetched; 0 file(s) written)"), qPrintable(r.out));
    // The mirror is plain http: said before anything is fetched.
    QVERIFY2(r.err.contains("is plain http") && r.err.contains("12 of the 12 files have a sha256"), qPrintable(r.err));
    QVERIFY2(r.err.contains("demo-sd: every file is checked by its sha256"), qPrintable(r.err));
  }

  void getSurvivesADroppedConnection() {
    const auto r = runCli({"models", "get", "demo-clip", "--source", m_server->base("drop", "tiny-clip"), "--to", to("drop")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(runCli({"models", "verify", to("drop") + "/demo-clip"}).exitCode, 0);
  }

  void corruptDownloadInstallsNothing() {
    const auto r = runCli({"models", "get", "demo-clip", "--source", m_server->base("corrupt", "tiny-clip"), "--to", to("bad")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("config.json: sha256 mismatch: expected 15139c5f"), qPrintable(r.err));
    QVERIFY(!fs::exists(to("bad").toStdString() + "/demo-clip/config.json"));
    QVERIFY(!fs::exists(to("bad").toStdString() + "/demo-clip/config.json.part"));
  }

  void importFromAFolderAndNameAWrongFile() {
    auto r = runCli({"models", "get", "demo-clip", "--source", kData + "/tiny-clip", "--to", to("dir")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile vocab(to("dir") + "/demo-clip/vocab.json");
    QVERIFY(vocab.open(QIODevice::Append));
    vocab.write("x");
    vocab.close();
    r = runCli({"models", "verify", to("dir") + "/demo-clip"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("WRONG " + to("dir") + "/demo-clip/vocab.json: 961144 bytes, expected 961143 bytes"), qPrintable(r.out));
    QVERIFY2(r.err.contains("1 file(s) of demo-clip"), qPrintable(r.err));
  }

  void ctrlCKeepsThePartForAResume() {
    QProcess p;
    p.start(SD_CLI_PATH, {"models", "get", "demo-clip", "--source", m_server->base("slow", "tiny-clip"), "--to", to("slow")});
    QVERIFY(p.waitForStarted());
    const QString part = to("slow") + "/demo-clip/model.safetensors.part";
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(part).size() > 10'000, 60'000);
    ::kill(pid_t(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(60'000));
    QCOMPARE(p.exitCode(), 130);
    QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains("partial download (.part) is kept"));
    QVERIFY(QFileInfo::exists(part));
    const auto r = runCli({"models", "get", "demo-clip", "--source", m_server->base("ok", "tiny-clip"), "--to", to("slow")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(m_server->requests().join('\n').contains(QRegularExpression("GET /ok/tiny-clip/model.safetensors bytes=\\d+-")));
  }

  // Issue 30, item 5: a different file of the user's at a catalogue path
  // stops `models get` (exit 1, naming it and --replace) and stays; with
  // --replace it is replaced and the summary says so.
  void getNeverReplacesAFileOfTheUsersUnasked() {
    auto r = runCli({"models", "get", "demo-clip", "--source", SD_TEST_DATA_DIR "/tiny-clip", "--to", to("replace")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString mine = to("replace") + "/demo-clip/merges.txt";
    QFile f(mine);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("#version: mine\n");
    f.close();
    r = runCli({"models", "get", "demo-clip", "--source", SD_TEST_DATA_DIR "/tiny-clip", "--to", to("replace")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("merges.txt") && r.err.contains("--replace") && r.err.contains("nothing was downloaded"),
             qPrintable(r.err));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("#version: mine\n"));
    f.close();
    r = runCli({"models", "get", "demo-clip", "--source", SD_TEST_DATA_DIR "/tiny-clip", "--to", to("replace"), "--replace"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("1 file(s) written, 1 replaced"), qPrintable(r.out));
    QVERIFY2(r.err.contains("merges.txt: size and sha256 ok (replaced the different file that was there)"), qPrintable(r.err));
  }

  void badInputIsNamed() {
    auto r = runCli({"models", "get", "no-such-model"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("unknown model 'no-such-model' (known: stable-diffusion-v1-4"), qPrintable(r.err));
    r = runCli({"models", "get", "demo-sd", "--to", to("nosource")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("'demo-sd' has no download address"), qPrintable(r.err));
    r = runCli({"models", "get", "demo-clip", "--source", m_server->base("ok", "nowhere"), "--to", to("404")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("/ok/nowhere/config.json: HTTP 404"), qPrintable(r.err));
    r = runCli({"models", "frobnicate"});
    QCOMPARE(r.exitCode, 2);
    r = runCli({"models", "verify", to("missing-folder")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("neither a known model id nor an existing folder"), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestCliModels)
#include "test_cli_models.moc"
