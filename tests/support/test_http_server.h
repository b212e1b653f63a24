#pragma once
// A small HTTP/1.1 file server for the model-download tests, on 127.0.0.1,
// running in its own thread (so a test may block in QProcess::waitFor… or
// in a synchronous download while it serves). It serves the files under
// `root` at /<mode>/<path>, the mode saying how to misbehave:
//   ok       honest server with Range support (206)
//   drop     the first request for each file stops half-way and closes
//   corrupt  every body has one byte flipped (same length)
//   slow     4 kB every 50 ms (for cancelling in the middle)
//   norange  ignores Range: always 200 with the whole file
//   moved    302 to the same file under /ok/ (a CDN redirect)
//   endless  no Content-Length; the file, then zeros for as long as the client reads
//   huge     "Content-Length: 1000000000000" (a lie) before the file
// Anything else, or a missing file, is a 404. It also answers as an HTTP
// proxy would (absolute URLs in the request line), recorded as "PROXY GET …".
#include <QMutex>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>

class QTcpServer;

namespace sd::test {

class TestHttpServer {
 public:
  explicit TestHttpServer(QString root);
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  quint16 port() const { return m_port; }
  // "http://127.0.0.1:PORT/<mode>/<sub>/" — a base URL for --source.
  QString base(const QString& mode, const QString& sub = {}) const;
  // Every request line seen so far, with its Range header: "GET /ok/x bytes=10-".
  QStringList requests() const;

  // Called on the server thread by the connection handlers.
  void record(const QString& line);
  bool firstRequestFor(const QString& path);  // true once per path (for "drop")
  const QString& root() const { return m_root; }

 private:
  QString m_root;
  quint16 m_port = 0;
  QThread m_thread;
  QObject* m_context = nullptr;    // lives on m_thread: queued calls run there
  QTcpServer* m_server = nullptr;  // lives on m_thread
  mutable QMutex m_mutex;
  QStringList m_requests;
  QStringList m_seen;
};

}  // namespace sd::test
