#include "net/http_model_source.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <exception>

#include "core/catalogue/part_file.h"
#include "core/util/build_info.h"
#include "core/util/error.h"

namespace sd::net {

namespace {

constexpr int kPollMs = 50;  // how often a cancel and a stall are looked for

// What one request ended with.
enum class Outcome { Complete, Dropped, Restart };

struct Attempt {
  Outcome outcome = Outcome::Dropped;
  QString why;  // for the message when retries run out
};

// "bytes 100-199/2000" → 100 (the first byte sent); -1 when unreadable.
qint64 rangeStart(const QByteArray& contentRange) {
  static const QRegularExpression re(QStringLiteral("^bytes\\s+(\\d+)-"));
  const auto m = re.match(QString::fromLatin1(contentRange));
  return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

// One GET from the .part's current size to the end (or until it fails).
class OneRequest {
 public:
  OneRequest(QNetworkAccessManager& nam, const QUrl& url, PartFile& file, const FetchContext& context,
             const HttpOptions& options)
      : m_nam(nam), m_url(url), m_file(file), m_context(context), m_options(options) {}

  Attempt run() {
    const qint64 offset = static_cast<qint64>(m_file.size());
    QNetworkRequest request(m_url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(10);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("sdstudio/") + build::kVersion);
    // Bytes as sent: a compressed body would break byte offsets and hashes.
    request.setRawHeader("Accept-Encoding", "identity");
    if (offset > 0) request.setRawHeader("Range", "bytes=" + QByteArray::number(offset) + "-");
    QNetworkReply* reply = m_nam.get(request);
    QEventLoop loop;
    QElapsedTimer sinceLastByte, window;
    sinceLastByte.start();
    window.start();
    uint64_t windowStart = m_file.size();  // bytes at the start of the throughput window
    bool headersRead = false;
    Attempt result;
    std::exception_ptr failure;  // thrown by the .part (cap, disk): rethrown once out of Qt's event loop
    const auto fail = [&](Outcome outcome, const QString& why) {
      result = {outcome, why};
      reply->abort();
    };
    const auto onData = [&] {
      if (failure) return;
      try {
        if (!headersRead) {
          headersRead = true;
          if (!acceptHeaders(*reply, offset, result)) return reply->abort();
        }
        const QByteArray chunk = reply->readAll();
        if (chunk.isEmpty()) return;
        sinceLastByte.restart();
        m_file.append(chunk.constData(), static_cast<std::size_t>(chunk.size()));
        if (m_context.progress) m_context.progress(m_file.size(), m_total);
      } catch (...) {
        failure = std::current_exception();
        reply->abort();
      }
    };
    QObject::connect(reply, &QNetworkReply::readyRead, &loop, onData);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
      if (m_context.cancelled()) {
        m_cancelled = true;
        reply->abort();
      } else if (sinceLastByte.elapsed() > m_options.stallTimeoutMs) {
        fail(Outcome::Dropped, QStringLiteral("no data for %1 s").arg(m_options.stallTimeoutMs / 1000.0));
      } else if (window.elapsed() >= m_options.slowWindowMs) {
        // A byte every few seconds never stalls, and never ends either.
        const uint64_t got = m_file.size() >= windowStart ? m_file.size() - windowStart : m_file.size();
        const double rate = double(got) * 1000.0 / double(window.elapsed());
        if (rate < m_options.minBytesPerSecond)
          return fail(Outcome::Dropped, QStringLiteral("slower than %1 bytes/s for %2 s (%3 bytes/s)")
                                            .arg(m_options.minBytesPerSecond)
                                            .arg(m_options.slowWindowMs / 1000)
                                            .arg(rate, 0, 'f', 1));
        window.restart();
        windowStart = m_file.size();
      }
    });
    poll.start(kPollMs);
    if (!reply->isFinished()) loop.exec();
    poll.stop();
    if (!m_cancelled && !failure && result.why.isEmpty()) {
      if (!headersRead && reply->error() == QNetworkReply::NoError) {
        headersRead = true;
        acceptHeaders(*reply, offset, result);
      }
      if (result.why.isEmpty()) onData();  // anything left in the buffer
      if (!failure && result.why.isEmpty()) result = finish(*reply);
    }
    reply->deleteLater();
    if (m_cancelled) throw Cancelled();
    if (failure) std::rethrow_exception(failure);
    return result;
  }

 private:
  // Status and range of the response; false (with `result` set) to stop.
  bool acceptHeaders(QNetworkReply& reply, qint64 offset, Attempt& result) {
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_status = status;
    const qint64 length = reply.header(QNetworkRequest::ContentLengthHeader).toLongLong();
    if (status == 206) {
      if (rangeStart(reply.rawHeader("Content-Range")) != offset) {
        m_file.truncate();
        result = {Outcome::Restart, "the server sent a different range"};
        return false;
      }
      m_total = length > 0 ? static_cast<uint64_t>(offset + length) : 0;
    } else if (status == 200) {
      if (offset > 0) m_file.truncate();  // Range ignored: the body is the whole file
      m_total = length > 0 ? static_cast<uint64_t>(length) : 0;
    } else if (status == 416 && offset > 0) {
      m_file.truncate();  // the .part is not a prefix of this file
      result = {Outcome::Restart, "the server refused the range"};
      return false;
    } else if (status != 0) {
      result = {Outcome::Complete, QStringLiteral("HTTP %1").arg(status)};
      return false;
    }
    // A Content-Length beyond the cap is refused before its first byte; a
    // server that sends more than it announced is stopped by the cap.
    if (m_total > 0) m_file.requireRoomFor(m_total);
    return true;
  }

  Attempt finish(QNetworkReply& reply) {
    // No such host or nobody listening: retrying will not help, say so now.
    const auto error = reply.error();
    if (error == QNetworkReply::HostNotFoundError || error == QNetworkReply::ConnectionRefusedError ||
        error == QNetworkReply::ProtocolUnknownError || error == QNetworkReply::SslHandshakeFailedError)
      return {Outcome::Complete, reply.errorString()};
    if (error != QNetworkReply::NoError) return {Outcome::Dropped, reply.errorString()};
    if (m_total > 0 && m_file.size() < m_total)
      return {Outcome::Dropped, QStringLiteral("the connection closed after %1 of %2 bytes").arg(m_file.size()).arg(m_total)};
    return {Outcome::Complete, {}};
  }

 public:
  int status() const { return m_status; }

 private:
  QNetworkAccessManager& m_nam;
  QUrl m_url;
  PartFile& m_file;
  const FetchContext& m_context;
  const HttpOptions& m_options;
  uint64_t m_total = 0;
  int m_status = 0;
  bool m_cancelled = false;
};

// Waits `ms` unless cancelled first.
void pause(int ms, const FetchContext& context) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < ms) {
    if (context.cancelled()) throw Cancelled();
    QThread::msleep(kPollMs);
  }
}

}  // namespace

void ensureCoreApplication() {
  if (QCoreApplication::instance()) return;
  static int argc = 1;
  static char name[] = "sdstudio-cli";
  static char* argv[] = {name, nullptr};
  static QCoreApplication* app = new QCoreApplication(argc, argv);  // lives until exit
  (void)app;
}

void useProxiesFromEnvironment() { QNetworkProxyFactory::setUseSystemConfiguration(true); }

HttpModelSource::HttpModelSource(QUrl baseUrl, HttpOptions options) : m_base(std::move(baseUrl)), m_options(options) {
  QString path = m_base.path();
  if (!path.endsWith('/')) m_base.setPath(path + '/');
}

QUrl HttpModelSource::urlOf(const std::string& path) const {
  return m_base.resolved(QUrl(QString::fromStdString(path), QUrl::TolerantMode));
}

std::string HttpModelSource::locate(const std::string& path) const {
  return urlOf(path).toDisplayString().toStdString();
}

void HttpModelSource::fetch(const KnownModelFile& spec, const std::filesystem::path& part, const FetchContext& context) {
  const QUrl url = urlOf(spec.path);
  const std::string where = url.toDisplayString().toStdString();
  PartFile file(part, context.maxBytes, where);
  QNetworkAccessManager nam;  // this thread's own: QNAM is not shared across threads
  int delay = m_options.retryDelayMs;
  for (int tries = 0;; ++tries) {
    OneRequest request(nam, url, file, context, m_options);
    const Attempt a = request.run();
    if (a.outcome == Outcome::Complete && a.why.isEmpty()) return;
    if (a.outcome == Outcome::Complete) {  // an HTTP error or a local one: retrying will not help
      if (request.status() == 404) throw SourceFileMissing(where + ": HTTP 404 (not found)");
      if (request.status() == 401 || request.status() == 403)
        throw Error(where + ": HTTP " + std::to_string(request.status()) +
                    " (the publisher may ask you to log in and accept the license on the model's page)");
      throw Error(where + ": " + a.why.toStdString());
    }
    if (a.outcome == Outcome::Restart && tries < m_options.maxRetries) continue;  // .part emptied: at once
    if (tries >= m_options.maxRetries)
      throw Error(where + ": " + a.why.toStdString() + " (gave up after " + std::to_string(tries + 1) +
                  " tries; run again to resume from " + std::to_string(file.size()) + " bytes)");
    pause(delay, context);
    delay = std::min(delay * 2, 30'000);
  }
}

}  // namespace sd::net
