#include "core/util/interruption.h"

#include "core/util/threads.h"

namespace sd {

namespace {
thread_local InterruptionScope* t_innermost = nullptr;
}  // namespace

InterruptionScope::InterruptionScope(std::function<void(double fraction)> check)
    : m_check(std::move(check)), m_outer(t_innermost) {
  t_innermost = this;
}

InterruptionScope::~InterruptionScope() { t_innermost = m_outer; }

void interruptionPoint(double fraction) {
  // Between layers is also where the thread count may change with the
  // machine's load (core/util/threads.h), with or without a listener.
  adaptTorchThreadsToLoad();
  // The check runs outside the scope, so a check that calls into a model
  // (a preview decode) cannot recurse into itself.
  InterruptionScope* scope = t_innermost;
  if (!scope || !scope->m_check) return;
  t_innermost = scope->m_outer;
  struct Restore {
    InterruptionScope* scope;
    ~Restore() { t_innermost = scope; }
  } restore{scope};
  scope->m_check(fraction);
}

}  // namespace sd
