#include "support/test_http_server.h"

#include <QFile>
#include <QMutexLocker>
#include <QPointer>
#include <QRegularExpression>
#include <QSemaphore>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace sd::test {

namespace {

QByteArray statusLine(int code) {
  switch (code) {
    case 200: return "HTTP/1.1 200 OK\r\n";
    case 206: return "HTTP/1.1 206 Partial Content\r\n";
    case 416: return "HTTP/1.1 416 Range Not Satisfiable\r\n";
    default: return "HTTP/1.1 404 Not Found\r\n";
  }
}

// Answers one request on `socket` (Connection: close), then closes it.
void respond(TestHttpServer& server, QTcpSocket* socket, const QByteArray& head) {
  const QList<QByteArray> lines = head.split('\n');
  const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
  QString path = QString::fromUtf8(QByteArray::fromPercentEncoding(first.value(1)));
  // A client using this server as its HTTP proxy asks for an absolute URL.
  const bool proxied = path.startsWith("http://");
  if (proxied) path = "/" + path.section('/', 3);
  QByteArray range;
  for (const auto& l : lines)
    if (l.toLower().startsWith("range:")) range = l.mid(6).trimmed();
  server.record(QString(proxied ? "PROXY " : "") + "GET " + path + (range.isEmpty() ? QString() : " " + QString::fromLatin1(range)));

  const QString mode = path.section('/', 1, 1);
  if (mode == "moved") {  // as Hugging Face sends files to its CDN
    socket->write("HTTP/1.1 302 Found\r\nLocation: /ok/" + path.section('/', 2).toUtf8() +
                  "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    socket->disconnectFromHost();
    return;
  }
  QFile file(server.root() + "/" + path.section('/', 2));
  const bool known = QStringList{"ok", "drop", "corrupt", "slow", "norange", "endless", "huge"}.contains(mode);
  if (!known || path.contains("..") || !file.open(QIODevice::ReadOnly)) {
    socket->write(statusLine(404) + "Content-Length: 9\r\nConnection: close\r\n\r\nnot found");
    socket->disconnectFromHost();
    return;
  }
  QByteArray body = file.readAll();  // test fixtures: a few MB at most
  const qint64 total = body.size();
  if (mode == "corrupt" && !body.isEmpty()) body[body.size() / 2] = char(body[body.size() / 2] ^ 0x5a);
  if (mode == "huge") {  // announces a terabyte (and would send it)
    socket->write(statusLine(200) + "Content-Length: 1000000000000\r\nConnection: close\r\n\r\n" + body);
    socket->disconnectFromHost();
    return;
  }
  if (mode == "endless") {  // no Content-Length: the file, then zeros until the client hangs up
    socket->write(statusLine(200) + "Connection: close\r\n\r\n" + body);
    auto* timer = new QTimer(socket);
    QObject::connect(timer, &QTimer::timeout, socket, [socket, timer] {
      if (socket->state() != QAbstractSocket::ConnectedState) return timer->stop();
      if (socket->bytesToWrite() < (1 << 20)) socket->write(QByteArray(64 << 10, '\0'));
    });
    timer->start(1);
    return;
  }
  int code = 200;
  QByteArray extra;
  static const QRegularExpression re(QStringLiteral("^bytes=(\\d+)-$"));
  const auto m = re.match(QString::fromLatin1(range));
  if (m.hasMatch() && mode != "norange") {
    const qint64 from = m.captured(1).toLongLong();
    if (from >= total) {
      socket->write(statusLine(416) + "Content-Range: bytes */" + QByteArray::number(total) +
                    "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      socket->disconnectFromHost();
      return;
    }
    code = 206;
    extra = "Content-Range: bytes " + QByteArray::number(from) + "-" + QByteArray::number(total - 1) + "/" +
            QByteArray::number(total) + "\r\n";
    body = body.mid(from);
  }
  socket->write(statusLine(code) + "Content-Length: " + QByteArray::number(body.size()) + "\r\n" + extra +
                "Accept-Ranges: bytes\r\nConnection: close\r\n\r\n");
  if (mode == "drop" && server.firstRequestFor(path)) {
    socket->write(body.left(body.size() / 2));
    socket->flush();
    socket->abort();  // a dropped connection, not a clean close
    return;
  }
  if (mode != "slow") {
    socket->write(body);
    socket->disconnectFromHost();
    return;
  }
  auto* timer = new QTimer(socket);
  auto offset = std::make_shared<qint64>(0);
  QObject::connect(timer, &QTimer::timeout, socket, [socket, body, offset, timer] {
    if (socket->state() != QAbstractSocket::ConnectedState) return timer->stop();
    socket->write(body.mid(*offset, 4096));
    *offset += 4096;
    if (*offset >= body.size()) {
      timer->stop();
      socket->disconnectFromHost();
    }
  });
  timer->start(50);
}

}  // namespace

TestHttpServer::TestHttpServer(QString root) : m_root(std::move(root)) {
  QSemaphore ready;
  m_context = new QObject;
  m_context->moveToThread(&m_thread);
  m_thread.start();
  QMetaObject::invokeMethod(
      m_context,
      [this, &ready] {
        // Made here so it belongs to (and is served by) the server thread.
        m_server = new QTcpServer;
        m_server->listen(QHostAddress::LocalHost, 0);
        m_port = m_server->serverPort();
        QObject::connect(m_server, &QTcpServer::newConnection, m_server, [this] {
          while (QTcpSocket* socket = m_server->nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            auto buffer = std::make_shared<QByteArray>();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
              if (buffer->endsWith("\r\n\r\n")) return;  // already answered
              buffer->append(socket->readAll());
              if (buffer->contains("\r\n\r\n")) {
                buffer->truncate(buffer->indexOf("\r\n\r\n") + 4);
                respond(*this, socket, *buffer);
              }
            });
          }
        });
        ready.release();
      },
      Qt::QueuedConnection);
  ready.acquire();
}

TestHttpServer::~TestHttpServer() {
  QMetaObject::invokeMethod(
      m_context,
      [this] {
        delete m_server;
        delete m_context;
      },
      Qt::BlockingQueuedConnection);
  m_thread.quit();
  m_thread.wait();
}

QString TestHttpServer::base(const QString& mode, const QString& sub) const {
  return QStringLiteral("http://127.0.0.1:%1/%2/%3").arg(m_port).arg(mode, sub.isEmpty() ? QString() : sub + "/");
}

QStringList TestHttpServer::requests() const {
  QMutexLocker lock(&m_mutex);
  return m_requests;
}

void TestHttpServer::record(const QString& line) {
  QMutexLocker lock(&m_mutex);
  m_requests.push_back(line);
}

bool TestHttpServer::firstRequestFor(const QString& path) {
  QMutexLocker lock(&m_mutex);
  if (m_seen.contains(path)) return false;
  m_seen.push_back(path);
  return true;
}

}  // namespace sd::test
