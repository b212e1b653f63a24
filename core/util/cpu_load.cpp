#include "core/util/cpu_load.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

namespace sd {

namespace {

std::optional<std::string> readSmallFile(const char* path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::optional<unsigned long long> parseMachineBusyTicks(const std::string& procStat) {
  // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"
  std::istringstream line(procStat.substr(0, procStat.find('\n')));
  std::string label;
  line >> label;
  if (label != "cpu") return std::nullopt;
  std::vector<unsigned long long> fields;
  for (unsigned long long value = 0; fields.size() < 8 && line >> value;) fields.push_back(value);
  if (fields.size() < 5) return std::nullopt;  // kernels before 2.6 stop at idle: not supported
  unsigned long long busy = 0;
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (i != 3 && i != 4) busy += fields[i];  // idle and iowait are the machine's free time
  return busy;
}

std::optional<unsigned long long> parseOwnTicks(const std::string& procSelfStat) {
  // "pid (comm) state ppid ..." — comm may hold spaces and parentheses, so
  // count fields from the last ')'. utime and stime are fields 14 and 15.
  const auto close = procSelfStat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(procSelfStat.substr(close + 1));
  std::string field;
  for (int index = 3; index <= 13; ++index)
    if (!(rest >> field)) return std::nullopt;
  unsigned long long utime = 0, stime = 0;
  if (!(rest >> utime >> stime)) return std::nullopt;
  return utime + stime;
}

std::optional<CpuTimes> readCpuTimes() {
  const auto stat = readSmallFile("/proc/stat");
  const auto self = readSmallFile("/proc/self/stat");
  if (!stat || !self) return std::nullopt;
  const auto busy = parseMachineBusyTicks(*stat);
  const auto own = parseOwnTicks(*self);
  if (!busy || !own) return std::nullopt;
  return CpuTimes{*busy, *own};
}

double otherProcessesCores(const CpuTimes& before, const CpuTimes& after, double seconds, long ticksPerSecond) {
  if (seconds <= 0 || ticksPerSecond <= 0 || after.machineBusyTicks < before.machineBusyTicks) return 0.0;
  const double machine = static_cast<double>(after.machineBusyTicks - before.machineBusyTicks);
  const double own = after.ownTicks >= before.ownTicks ? static_cast<double>(after.ownTicks - before.ownTicks) : 0.0;
  return std::max(0.0, (machine - own) / (seconds * static_cast<double>(ticksPerSecond)));
}

int threadsForLoad(int cores, int ceiling, double othersCores) {
  const int left = static_cast<int>(std::floor(static_cast<double>(cores) - othersCores + 0.35));
  return std::clamp(left, 1, std::max(1, ceiling));
}

}  // namespace sd
