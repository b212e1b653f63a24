#pragma once
// How many CPU threads LibTorch (and the BLAS under it) runs. No torch here.
//
// A parallel region waits for its slowest thread. On a quiet machine every
// core is ours; beside a busy browser or compiler a partner thread gets
// descheduled and the others wait for it at every barrier: on a 2-core
// machine with one busy process, two threads made a step up to 50× slower
// than one. So by default the count adapts: at every interruption point
// (core/util/interruption.h), at most every half second, the governor reads
// how much CPU other processes used since its last look (/proc) and runs on
// what they leave (core/util/cpu_load.h).

namespace sd {

// threads > 0: exactly that many, always. 0: SDSTUDIO_THREADS when set
// (fixed), else adaptive, at most every core but `reservedCores`. torch 1.13
// alone would use half the cores. Returns the count in effect now.
int configureTorchThreads(int threads = 0, int reservedCores = 0);

// Called at every interruption point on the thread that runs the models:
// re-measures the load when half a second has passed and applies the
// governor's count to this thread. Cheap otherwise (a clock read).
void adaptTorchThreadsToLoad();

// True when the BLAS under LibTorch is OpenBLAS, which runs its own thread
// pool beside torch's: it is kept at one thread, and core/nn/threaded_blas.h
// spreads big products over torch's threads instead.
bool blasKeptSingleThreaded();

struct TorchThreadPolicy {
  bool adaptive = false;
  int ceiling = 1;   // the most it will use
  int current = 1;   // what the governor chose last
  double othersCores = 0;  // other processes' load at the last look
};
TorchThreadPolicy torchThreadPolicy();

}  // namespace sd
