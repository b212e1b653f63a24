#pragma once
// Progress of a long transfer as people read it: "1.2 GB of 4.3 GB,
// 18.4 MB/s, 3 min left". The rate is measured over the last few seconds so
// a stall shows at once and a burst does not promise too much. Pure C++;
// the CLI's progress line and the window's dialog format it the same way.
#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <utility>

namespace sd {

class TransferMeter {
 public:
  using Clock = std::chrono::steady_clock;

  void start(uint64_t total, uint64_t alreadyDone, Clock::time_point now = Clock::now());
  void update(uint64_t done, Clock::time_point now = Clock::now());
  void setTotal(uint64_t total) { m_total = total; }

  uint64_t done() const { return m_done; }
  uint64_t total() const { return m_total; }
  double bytesPerSecond() const;  // 0 until two samples a moment apart
  double secondsLeft() const;     // negative when unknown
  std::string describe() const;   // "12.0 MB of 40.0 MB, 3.1 MB/s, 10 s left"

 private:
  uint64_t m_total = 0;
  uint64_t m_done = 0;
  std::deque<std::pair<Clock::time_point, uint64_t>> m_samples;  // the last ~5 s
};

std::string formatBytes(uint64_t bytes);       // "950 B", "12.3 kB", "4.27 GB" (SI, like file managers)
std::string formatDuration(double seconds);    // "45 s", "3 min", "1 h 12 min"

}  // namespace sd
