#include "app/cli/terminal_guard.h"

#include <iostream>
#include <streambuf>
#include <string>

#include "core/util/terminal_text.h"

namespace sd::cli {

namespace {

// Where the last complete UTF-8 sequence of `text` ends: a sequence cut by
// a flush waits for its remaining bytes instead of turning into U+FFFD.
std::size_t completeLength(const std::string& text) {
  const std::size_t n = text.size();
  for (std::size_t back = 1; back <= 3 && back <= n; ++back) {
    const auto c = static_cast<unsigned char>(text[n - back]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return length > back ? n - back : n;
  }
  return n;
}

class SanitisingBuffer : public std::streambuf {
 public:
  explicit SanitisingBuffer(std::streambuf* out) : m_out(out) {}

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    m_pending += traits_type::to_char_type(c);
    if (c == '\n' || m_pending.size() >= kChunk) forward();
    return c;
  }

  std::streamsize xsputn(const char* s, std::streamsize n) override {
    m_pending.append(s, static_cast<std::size_t>(n));
    if (m_pending.size() >= kChunk || m_pending.find('\n') != std::string::npos) forward();
    return n;
  }

  int sync() override {
    forward();
    return m_out->pubsync();
  }

 private:
  static constexpr std::size_t kChunk = 4096;

  // Passes on all but a UTF-8 sequence still waiting for its last bytes.
  void forward() {
    const std::size_t length = completeLength(m_pending);
    const std::string safe = terminalSafe(std::string_view(m_pending).substr(0, length));
    m_out->sputn(safe.data(), static_cast<std::streamsize>(safe.size()));
    m_pending.erase(0, length);
  }

  std::streambuf* m_out;
  std::string m_pending;
};

}  // namespace

void guardTerminalStreams() {
  static bool done = false;
  if (done) return;
  done = true;
  // Never destroyed: std::cout is flushed at exit, after static objects
  // of this file would be gone.
  std::cout.rdbuf(new SanitisingBuffer(std::cout.rdbuf()));
  std::cerr.rdbuf(new SanitisingBuffer(std::cerr.rdbuf()));
}

}  // namespace sd::cli
