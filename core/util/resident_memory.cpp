#include "core/util/resident_memory.h"

#include <algorithm>
#include <fstream>
#include <string>

namespace sd {

namespace {

bool resetPeak() {
  std::ofstream clear("/proc/self/clear_refs");
  return clear && (clear << "5").flush().good();
}

}  // namespace

double peakResidentMb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // "VmHWM:   123 kB"
  return 0;
}

ResidentPeaks::ResidentPeaks() : m_whole(peakResidentMb()), m_resettable(resetPeak()) {}

double ResidentPeaks::endPart() {
  const double peak = peakResidentMb();
  m_whole = std::max(m_whole, peak);
  m_resettable = resetPeak();
  return peak;
}

double ResidentPeaks::wholeRun() const { return std::max(m_whole, peakResidentMb()); }

}  // namespace sd
