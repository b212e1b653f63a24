#pragma once
// Where the time of a forward pass goes, per LibTorch operator: self time
// (excluding the operators it calls) and calls, gathered through LibTorch's
// RecordFunction hooks, which both LibTorch 1.13 and 2.x have. For
// `sdstudio-cli bench --profile` and docs/performance.md. No torch here.
#include <functional>
#include <string>
#include <vector>

namespace sd {

struct OperatorTime {
  std::string name;      // "aten::convolution"
  long long calls = 0;
  double selfSeconds = 0;
};

struct OperatorProfile {
  std::vector<OperatorTime> operators;  // by self time, largest first
  double wallSeconds = 0;
  // Self time summed by kind: convolution, attention, normalization and
  // activation, matrix products, copies and layout, allocation, other.
  std::vector<std::pair<std::string, double>> byKind() const;
};

// Runs `body` once with the hooks installed (on this thread only).
OperatorProfile profileOperators(const std::function<void()>& body);

}  // namespace sd
