#pragma once
// How much of the machine other processes are using, read from /proc. The
// thread governor (threads.h) uses it to run fewer threads beside a busy
// browser or compiler: a parallel region whose partner thread has been
// descheduled waits for it, so on a busy machine two threads can be many
// times slower than one. No torch, no Qt.
#include <chrono>
#include <optional>
#include <string>

namespace sd {

// Cumulative CPU time: the whole machine's busy time (everything but idle
// and iowait; steal counts, since a stolen core is as gone as a busy one)
// and this process's own (user + system), in clock ticks.
struct CpuTimes {
  unsigned long long machineBusyTicks = 0;
  unsigned long long ownTicks = 0;
};

// Parses /proc/stat's first line and /proc/self/stat's utime and stime;
// nullopt when either text is malformed.
std::optional<unsigned long long> parseMachineBusyTicks(const std::string& procStat);
std::optional<unsigned long long> parseOwnTicks(const std::string& procSelfStat);
// Reads both files; nullopt where /proc is missing or unreadable.
std::optional<CpuTimes> readCpuTimes();

// Cores other processes kept busy between two readings `seconds` apart.
double otherProcessesCores(const CpuTimes& before, const CpuTimes& after, double seconds, long ticksPerSecond);

// The thread count for a machine with `cores` cores of which others keep
// `othersCores` busy: what is left, rounded so that a core busy a third of
// the time still counts as ours, between 1 and `ceiling`.
int threadsForLoad(int cores, int ceiling, double othersCores);

}  // namespace sd
