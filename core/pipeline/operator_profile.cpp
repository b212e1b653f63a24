#include "core/pipeline/operator_profile.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <memory>

#include <ATen/record_function.h>

namespace sd {

namespace {

using Clock = std::chrono::steady_clock;

struct Frame {
  Clock::time_point start;
  double childSeconds = 0;
};

// The profile being gathered on this thread (hooks are plain function
// pointers, so their state lives here).
struct Recorder {
  std::map<std::string, OperatorTime> byName;
  std::vector<Frame> stack;
};
thread_local Recorder* t_recorder = nullptr;

struct NoContext : at::ObserverContext {};

std::unique_ptr<at::ObserverContext> onEnter(const at::RecordFunction&) {
  if (t_recorder) t_recorder->stack.push_back({Clock::now(), 0});
  return std::make_unique<NoContext>();
}

void onExit(const at::RecordFunction& fn, at::ObserverContext*) {
  if (!t_recorder || t_recorder->stack.empty()) return;
  const Frame frame = t_recorder->stack.back();
  t_recorder->stack.pop_back();
  const double total = std::chrono::duration<double>(Clock::now() - frame.start).count();
  auto& entry = t_recorder->byName[fn.name()];
  entry.name = fn.name();
  ++entry.calls;
  entry.selfSeconds += std::max(0.0, total - frame.childSeconds);
  if (!t_recorder->stack.empty()) t_recorder->stack.back().childSeconds += total;
}

bool contains(const std::string& name, std::initializer_list<const char*> parts) {
  return std::any_of(parts.begin(), parts.end(), [&](const char* p) { return name.find(p) != std::string::npos; });
}

bool oneOf(const std::string& name, std::initializer_list<const char*> names) {
  return std::any_of(names.begin(), names.end(), [&](const char* n) { return name == n; });
}

std::string kindOf(const std::string& name) {
  if (contains(name, {"conv"})) return "convolution";
  if (contains(name, {"bmm", "softmax", "scaled_dot_product", "flash_attention"})) return "attention";
  if (contains(name, {"group_norm", "layer_norm", "silu", "gelu", "sigmoid"})) return "normalization, activation";
  if (oneOf(name, {"aten::addmm", "aten::mm", "aten::matmul", "aten::linear"})) return "matrix products (linear)";
  if (oneOf(name, {"aten::copy_", "aten::contiguous", "aten::cat", "aten::clone", "aten::reshape", "aten::permute",
                   "aten::transpose", "aten::view", "aten::expand", "aten::upsample_nearest2d", "aten::pad",
                   "aten::constant_pad_nd", "aten::slice", "aten::chunk", "aten::narrow", "aten::to",
                   "aten::_to_copy", "aten::split", "aten::select", "aten::unsqueeze", "aten::flatten",
                   "aten::as_strided", "aten::unsafe_view", "aten::_unsafe_view"}))
    return "copies and layout";
  if (oneOf(name, {"aten::empty", "aten::empty_strided", "aten::zeros", "aten::zero_", "aten::full", "aten::fill_",
                   "aten::resize_"}))
    return "allocation";
  return "other (add, mul, ...)";
}

}  // namespace

std::vector<std::pair<std::string, double>> OperatorProfile::byKind() const {
  std::map<std::string, double> sums;
  for (const auto& op : operators) sums[kindOf(op.name)] += op.selfSeconds;
  std::vector<std::pair<std::string, double>> out(sums.begin(), sums.end());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

OperatorProfile profileOperators(const std::function<void()>& body) {
  Recorder recorder;
  t_recorder = &recorder;
  const bool wasEnabled = at::isRecordFunctionEnabled();
  at::enableRecordFunction(true);
  const auto handle = at::addThreadLocalCallback(
      at::RecordFunctionCallback(onEnter, onExit).needsInputs(false).scopes({at::RecordScope::FUNCTION}));
  OperatorProfile profile;
  const auto start = Clock::now();
  try {
    body();
  } catch (...) {
    at::removeCallback(handle);
    at::enableRecordFunction(wasEnabled);
    t_recorder = nullptr;
    throw;
  }
  profile.wallSeconds = std::chrono::duration<double>(Clock::now() - start).count();
  at::removeCallback(handle);
  at::enableRecordFunction(wasEnabled);
  t_recorder = nullptr;
  for (auto& [name, op] : recorder.byName) profile.operators.push_back(op);
  std::sort(profile.operators.begin(), profile.operators.end(),
            [](const OperatorTime& a, const OperatorTime& b) { return a.selfSeconds > b.selfSeconds; });
  return profile;
}

}  // namespace sd
