#pragma once
// CPU time budgets for the tests that prove a parser is linear (issue 15:
// each hostile case ends "in under a second"). CPU time, not wall time: what
// the parser costs, whatever else the shared, busy machine is doing.
#include <ctime>

namespace sd::test {

// CPU time of this process so far, in milliseconds.
inline double cpuMs() { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// A budget stated for an optimised build, scaled where instrumentation slows
// every memory access (ASan + UBSan at -O1 run the parsers 2-5× slower;
// scripts/ci/sanitizers.sh). A quadratic parser still blows through it: 10 MB
// of input costs it hours, not seconds.
inline double cpuBudgetMs(double optimisedMs) {
#if defined(__SANITIZE_ADDRESS__)
  return optimisedMs * 6;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return optimisedMs * 6;
#else
  return optimisedMs;
#endif
#else
  return optimisedMs;
#endif
}

}  // namespace sd::test
