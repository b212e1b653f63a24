// The HTTP model source (net/http_model_source.h) installing the demo
// models from a local test server that behaves well, drops the connection
// half-way, corrupts a byte, trickles slowly or ignores Range.
#include <QTcpServer>
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "core/catalogue/model_install.h"
#include "core/util/error.h"
#include "net/http_model_source.h"
#include "net/model_sources.h"
#include "support/test_http_server.h"

using namespace sd;
namespace fs = std::filesystem;

namespace {

const fs::path kData = SD_TEST_DATA_DIR;
const fs::path kManifest = kData / ".." / ".." / "models" / "known_models.json";
const QString kWeights = "model.safetensors";

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

net::HttpModelSource source(const QString& base) {
  net::HttpOptions o;
  o.retryDelayMs = 20;  // retries at once: the test server comes back immediately
  return net::HttpModelSource(QUrl(base), o);
}

}  // namespace

class TestHttpModelSource : public QObject {
  Q_OBJECT

  KnownModels m_catalogue;
  QTemporaryDir m_tmp;
  std::unique_ptr<test::TestHttpServer> m_server;

  fs::path dir(const char* name) const { return m_tmp.filePath(name).toStdString(); }
  const KnownModel& clip() const { return *m_catalogue.find("demo-clip"); }
  bool sawRequest(const QString& text) const {
    for (const auto& r : m_server->requests())
      if (r.contains(text)) return true;
    return false;
  }

 private Q_SLOTS:
  void initTestCase() {
    qunsetenv("http_proxy");
    qunsetenv("HTTP_PROXY");
    m_catalogue = KnownModels::load(kManifest);
    m_server = std::make_unique<test::TestHttpServer>(QString::fromStdString(kData.string()));
  }

  void downloadsAWholeModel() {
    auto src = source(m_server->base("ok", "tiny-sd"));
    const auto r = installModel(*m_catalogue.find("demo-sd"), dir("ok"), src);
    QVERIFY(planInstall(*m_catalogue.find("demo-sd"), dir("ok"), true).installed());
    QCOMPARE(r.bytesFetched, uint64_t(19'627'866));
    QVERIFY(src.locate("unet/config.json").find("/ok/tiny-sd/unet/config.json") != std::string::npos);
  }

  void resumesAPartWithRange() {
    const std::string weights = readAll(kData / "tiny-clip" / "model.safetensors");
    fs::create_directories(dir("resume") / "demo-clip");
    std::ofstream(dir("resume") / "demo-clip" / "model.safetensors.part", std::ios::binary) << weights.substr(0, 123456);
    auto src = source(m_server->base("ok", "tiny-clip"));
    installModel(clip(), dir("resume"), src);
    QVERIFY2(sawRequest("GET /ok/tiny-clip/model.safetensors bytes=123456-"), qPrintable(m_server->requests().join('\n')));
    QCOMPARE(readAll(dir("resume") / "demo-clip" / "model.safetensors"), weights);
  }

  void droppedConnectionResumesToTheRightHash() {
    auto src = source(m_server->base("drop", "tiny-clip"));
    installModel(clip(), dir("drop"), src);
    QVERIFY(planInstall(clip(), dir("drop"), true).installed());  // sha256 of every file checked
    bool resumed = false;
    for (const auto& r : m_server->requests()) resumed |= r.startsWith("GET /drop/tiny-clip/model.safetensors bytes=");
    QVERIFY2(resumed, qPrintable(m_server->requests().join('\n')));
  }

  void corruptBytesInstallNothing() {
    auto src = source(m_server->base("corrupt", "tiny-clip"));
    try {
      installModel(clip(), dir("corrupt"), src);
      QFAIL("a corrupt download was installed");
    } catch (const Error& e) {
      const QString m = e.what();
      QVERIFY2(m.contains("/corrupt/tiny-clip/config.json: sha256 mismatch: expected 15139c5f"), e.what());
      QVERIFY2(m.contains("nothing was installed"), e.what());
    }
    QVERIFY(!fs::exists(dir("corrupt") / "demo-clip" / "config.json"));
    QVERIFY(!fs::exists(dir("corrupt") / "demo-clip" / "config.json.part"));
    QVERIFY(!planInstall(clip(), dir("corrupt"), true).installed());
  }

  void cancelStopsASlowDownloadAndKeepsThePart() {
    auto src = source(m_server->base("slow", "tiny-clip"));
    std::atomic<bool> stop{false};
    InstallOptions options;
    options.cancel = &stop;
    options.progress = [&](const InstallProgress& p) {
      if (p.file == "model.safetensors" && p.phase == std::string("downloading") && p.done > 20'000) stop = true;
    };
    QElapsedTimer timer;
    timer.start();
    QVERIFY_THROWS_EXCEPTION(Cancelled, installModel(clip(), dir("slow"), src, options));
    QVERIFY2(timer.elapsed() < 60'000, "cancel took too long");  // generous: the file would take ~50 s
    const fs::path part = dir("slow") / "demo-clip" / "model.safetensors.part";
    QVERIFY(fs::exists(part));
    QVERIFY(fs::file_size(part) > 0 && fs::file_size(part) < 3'960'340);
    // A later run from an honest server resumes it.
    auto ok = source(m_server->base("ok", "tiny-clip"));
    installModel(clip(), dir("slow"), ok);
    QVERIFY(planInstall(clip(), dir("slow"), true).installed());
  }

  void stalledTransferIsRetriedThenNamed() {
    net::HttpOptions o;
    o.stallTimeoutMs = 30;  // the slow server pauses 50 ms between chunks: a "stall"
    o.maxRetries = 1;
    o.retryDelayMs = 20;
    net::HttpModelSource src(QUrl(m_server->base("slow", "tiny-clip")), o);
    try {
      installModel(clip(), dir("stall"), src);
      QFAIL("no error");
    } catch (const Error& e) {
      const QString m = e.what();
      QVERIFY2(m.contains("/slow/tiny-clip/") && m.contains("no data for") && m.contains("gave up after 2 tries"), e.what());
      QVERIFY2(m.contains("run again to resume"), e.what());
    }
  }

  // Issue 30, item 2: a body with no end (no Content-Length) stops at the
  // file's cap (here its exact size, 4,5xx bytes) and its .part is deleted;
  // before, it filled the disk and kept the .part.
  void endlessBodyStopsAtTheCapAndIsDeleted() {
    auto src = source(m_server->base("endless", "tiny-clip"));
    try {
      installModel(clip(), dir("endless"), src);
      QFAIL("an endless body was accepted");
    } catch (const Error& e) {
      const QString m = e.what();
      QVERIFY2(m.contains("/endless/tiny-clip/config.json") && m.contains("more than the") &&
                   m.contains("this file may have") && m.contains("deleted"),
               e.what());
    }
    QVERIFY(!fs::exists(dir("endless") / "demo-clip" / "config.json.part"));
    QVERIFY(!fs::exists(dir("endless") / "demo-clip" / "config.json"));
  }

  // A Content-Length beyond the cap is refused before the body is read.
  void announcedSizeOverTheCapIsRefused() {
    auto src = source(m_server->base("huge", "tiny-clip"));
    try {
      installModel(clip(), dir("huge"), src);
      QFAIL("a terabyte was accepted");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("1000000000000 bytes, more than the"), e.what());
    }
    QVERIFY(!fs::exists(dir("huge") / "demo-clip" / "config.json.part"));
  }

  // A server that trickles (here 80 kB/s against a floor of 10 MB/s) is
  // dropped and retried like a stalled one, and named when retries run out.
  void tricklingTransferIsDropped() {
    net::HttpOptions o;
    o.minBytesPerSecond = 10'000'000;
    o.slowWindowMs = 300;
    o.maxRetries = 1;
    o.retryDelayMs = 20;
    net::HttpModelSource src(QUrl(m_server->base("slow", "tiny-clip")), o);
    try {
      installModel(clip(), dir("trickle"), src);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("slower than 10000000 bytes/s"), e.what());
    }
  }

  // Issue 30, item 4: a .part that is a symbolic link is not written through.
  void linkedPartIsNotWrittenThrough() {
    const fs::path victim = dir("victim.txt");
    std::ofstream(victim) << "precious";
    fs::create_directories(dir("linkpart") / "demo-clip");
    fs::create_symlink(victim, dir("linkpart") / "demo-clip" / "config.json.part");
    auto src = source(m_server->base("ok", "tiny-clip"));
    try {
      installModel(clip(), dir("linkpart"), src);
      QFAIL("wrote through a link");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("config.json.part is a symbolic link"), e.what());
    }
    QCOMPARE(readAll(victim), std::string("precious"));
  }

  void serverIgnoringRangeRestartsFromZero() {
    fs::create_directories(dir("norange") / "demo-clip");
    std::ofstream(dir("norange") / "demo-clip" / "model.safetensors.part", std::ios::binary) << std::string(5000, 'x');
    auto src = source(m_server->base("norange", "tiny-clip"));
    installModel(clip(), dir("norange"), src);
    QVERIFY(sawRequest("GET /norange/tiny-clip/model.safetensors bytes=5000-"));
    QVERIFY(planInstall(clip(), dir("norange"), true).installed());
  }

  void missingFileNamesTheUrlAndStatus() {
    auto src = source(m_server->base("ok", "nowhere"));
    try {
      installModel(clip(), dir("missing"), src);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("/ok/nowhere/config.json: HTTP 404"), e.what());
    }
  }

  void followsRedirectsAndKeepsTheRange() {
    const std::string weights = readAll(kData / "tiny-clip" / "model.safetensors");
    fs::create_directories(dir("moved") / "demo-clip");
    std::ofstream(dir("moved") / "demo-clip" / "model.safetensors.part", std::ios::binary) << weights.substr(0, 2000);
    auto src = source(m_server->base("moved", "tiny-clip"));
    installModel(clip(), dir("moved"), src);
    QVERIFY(planInstall(clip(), dir("moved"), true).installed());
    QVERIFY2(sawRequest("GET /moved/tiny-clip/model.safetensors bytes=2000-"), qPrintable(m_server->requests().join('\n')));
    QVERIFY2(sawRequest("GET /ok/tiny-clip/model.safetensors bytes=2000-"), qPrintable(m_server->requests().join('\n')));
  }

  void refusedConnectionFailsAtOnce() {
    QTcpServer closed;  // a port that was free a moment ago: nobody listens there now
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();
    auto src = source(QStringLiteral("http://127.0.0.1:%1/ok/tiny-clip/").arg(port));
    try {
      installModel(clip(), dir("refused"), src);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains(QStringLiteral("127.0.0.1:%1/ok/tiny-clip/config.json: ").arg(port)), e.what());
      QVERIFY2(!QString(e.what()).contains("gave up after"), e.what());
    }
  }

  void proxyComesFromTheEnvironment() {
    // Last: it changes the process's environment.
    qputenv("http_proxy", QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()).toUtf8());
    qunsetenv("no_proxy");
    net::useProxiesFromEnvironment();
    auto src = source("http://models.example.invalid/ok/tiny-clip/");
    installModel(clip(), dir("proxy"), src);
    QVERIFY2(sawRequest("PROXY GET /ok/tiny-clip/model.safetensors"), qPrintable(m_server->requests().join('\n')));
    qunsetenv("http_proxy");
  }

  void sourcesFromText() {
    QVERIFY_THROWS_EXCEPTION(Error, net::modelSourceFor(*m_catalogue.find("demo-sd"), ""));  // no base URL
    QVERIFY_THROWS_EXCEPTION(Error, net::modelSourceFor(clip(), "ftp://example.org/"));
    QVERIFY_THROWS_EXCEPTION(Error, net::modelSourceFor(clip(), "/no/such/folder"));
    const auto local = net::modelSourceFor(clip(), "file://" + (kData / "tiny-clip").string());
    QCOMPARE(local->locate("config.json"), (kData / "tiny-clip" / "config.json").string());
    const auto web = net::modelSourceFor(*m_catalogue.find("stable-diffusion-v1-4"), "");
    QCOMPARE(web->locate("unet/config.json"),
             std::string("https://huggingface.co/CompVis/stable-diffusion-v1-4/resolve/main/unet/config.json"));
  }
};

QTEST_GUILESS_MAIN(TestHttpModelSource)
#include "test_http_model_source.moc"
