#pragma once
// Cooperative cancellation inside long computations. A UNet forward at full
// size takes about a minute on a CPU; checking only between denoising steps
// would let a cancel take that long. The pipeline opens an InterruptionScope
// around its work; the models call interruptionPoint() between their layers
// (cheap: a clock read and one thread-local read when nobody listens; the
// thread governor of core/util/threads.h looks in here too), and the scope's
// check may throw sd::Cancelled from there. No torch, no Qt.
#include <functional>

namespace sd {

void interruptionPoint(double fraction);

class InterruptionScope {
 public:
  // `check` is called at each interruption point of this thread, with the
  // fraction of the current forward pass done when the point knows it (else
  // a negative number); it throws sd::Cancelled to stop.
  explicit InterruptionScope(std::function<void(double fraction)> check);
  ~InterruptionScope();
  InterruptionScope(const InterruptionScope&) = delete;
  InterruptionScope& operator=(const InterruptionScope&) = delete;

 private:
  friend void interruptionPoint(double fraction);
  std::function<void(double)> m_check;
  InterruptionScope* m_outer;
};

// Calls the innermost scope's check on this thread, if any. `fraction`: how
// much of the current forward pass is done, or negative when unknown.
void interruptionPoint(double fraction);
inline void interruptionPoint() { interruptionPoint(-1.0); }

}  // namespace sd
