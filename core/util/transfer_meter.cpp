#include "core/util/transfer_meter.h"

#include <cmath>
#include <cstdio>

namespace sd {

namespace {
constexpr auto kWindow = std::chrono::seconds(5);
}

void TransferMeter::start(uint64_t total, uint64_t alreadyDone, Clock::time_point now) {
  m_total = total;
  m_done = alreadyDone;
  m_samples.clear();
  m_samples.emplace_back(now, alreadyDone);
}

void TransferMeter::update(uint64_t done, Clock::time_point now) {
  m_done = done;
  m_samples.emplace_back(now, done);
  while (m_samples.size() > 2 && now - m_samples.front().first > kWindow) m_samples.pop_front();
}

double TransferMeter::bytesPerSecond() const {
  if (m_samples.size() < 2) return 0;
  const double seconds = std::chrono::duration<double>(m_samples.back().first - m_samples.front().first).count();
  if (seconds < 0.2) return 0;
  const auto bytes = m_samples.back().second >= m_samples.front().second ? m_samples.back().second - m_samples.front().second : 0;
  return static_cast<double>(bytes) / seconds;
}

double TransferMeter::secondsLeft() const {
  const double rate = bytesPerSecond();
  if (rate <= 0 || m_total == 0 || m_done > m_total) return -1;
  return static_cast<double>(m_total - m_done) / rate;
}

std::string TransferMeter::describe() const {
  std::string text = formatBytes(m_done);
  if (m_total > 0) text += " of " + formatBytes(m_total);
  const double rate = bytesPerSecond();
  if (rate > 0) text += ", " + formatBytes(static_cast<uint64_t>(rate)) + "/s";
  const double left = secondsLeft();
  if (left >= 0) text += ", " + formatDuration(left) + " left";
  return text;
}

std::string formatBytes(uint64_t bytes) {
  if (bytes < 1000) return std::to_string(bytes) + " B";
  const char* units[] = {"kB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  int unit = -1;
  while (value >= 1000 && unit < 3) value /= 1000, ++unit;
  char text[32];
  std::snprintf(text, sizeof text, value < 10 ? "%.2f %s" : value < 100 ? "%.1f %s" : "%.0f %s", value, units[unit]);
  return text;
}

std::string formatDuration(double seconds) {
  const long s = std::lround(seconds);
  if (s < 60) return std::to_string(s) + " s";
  if (s < 3600) return std::to_string((s + 30) / 60) + " min";
  return std::to_string(s / 3600) + " h " + std::to_string((s % 3600) / 60) + " min";
}

}  // namespace sd
