#pragma once
// A model source on the web (or a mirror): each file at base URL + its
// catalogue path, fetched with QtNetwork into its .part file. fetch() is
// synchronous for its caller — it runs its own event loop — so call it on a
// thread that may wait: the CLI's main thread, or the window's install
// worker (never the GUI thread). Streams to disk (never a whole file in
// memory), resumes with "Range: bytes=N-" (206; a 200 means the server
// ignored the range: start again from zero), follows redirects (Hugging
// Face sends files to a CDN), takes proxies from the environment
// (http_proxy, https_proxy, no_proxy), gives up on a transfer that stalls,
// retries a dropped connection from the bytes received, and stops within
// a moment of a cancel, keeping the .part. A file never grows past its
// byte cap (FetchContext::maxBytes: a lying Content-Length or an endless
// body is stopped). Links Qt Core and Network only.
#include <QString>
#include <QUrl>

#include "core/catalogue/model_source.h"

namespace sd::net {

struct HttpOptions {
  int stallTimeoutMs = 30'000;  // no byte for this long: drop and retry
  int maxRetries = 5;           // per file, after dropped connections or stalls
  int retryDelayMs = 1'000;     // doubled after each try, up to 30 s
  // Slower than this over a whole window counts as dropped (and is retried):
  // a server trickling a byte every 29 s would otherwise never time out.
  int minBytesPerSecond = 1'024;
  int slowWindowMs = 120'000;
};

class HttpModelSource : public ModelSource {
 public:
  // `baseUrl` ends in '/'; a file sits at baseUrl + its path.
  explicit HttpModelSource(QUrl baseUrl, HttpOptions options = {});
  std::string locate(const std::string& path) const override;
  void fetch(const KnownModelFile& spec, const std::filesystem::path& part, const FetchContext& context) override;

 private:
  QUrl urlOf(const std::string& path) const;
  QUrl m_base;
  HttpOptions m_options;
};

// Reads proxy settings from the environment for every QNetworkAccessManager
// of the process (Qt's "system configuration" is the environment on Linux).
void useProxiesFromEnvironment();

// A QCoreApplication for programs without one (the CLI): QtNetwork needs it.
// Created once, kept for the life of the process.
void ensureCoreApplication();

}  // namespace sd::net
