#pragma once
// Peak resident memory of a process and of parts of a run, from the
// kernel's high-water mark (VmHWM), which writing "5" to
// /proc/self/clear_refs resets to what is resident now. No torch, no Qt.

namespace sd {

// VmHWM in MiB (0 where /proc is missing).
double peakResidentMb();

class ResidentPeaks {
 public:
  ResidentPeaks();  // starts the first part
  // The peak since the previous part ended (or since construction), in MiB;
  // starts the next part. Where the mark cannot be reset, the peak so far.
  double endPart();
  double wholeRun() const;  // the peak over every part, in MiB
  bool partsAreSeparate() const { return m_resettable; }

 private:
  double m_whole = 0;
  bool m_resettable = false;
};

}  // namespace sd
