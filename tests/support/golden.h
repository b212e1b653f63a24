#pragma once
// Helpers for comparing against the reference ("golden") tensors.
#include <map>
#include <string>

#include <ATen/core/Tensor.h>
#include <nlohmann/json.hpp>

namespace sd::test {

std::string dataPath(const std::string& relative);  // under tests/data

// All tensors of a golden safetensors file, by name. Fails the test (throws)
// when the file is missing.
std::map<std::string, at::Tensor> loadGolden(const std::string& relative);
// A golden JSON file as Python's json module wrote it: bare NaN/Infinity
// (not JSON) become null.
nlohmann::json loadGoldenJson(const std::string& relative);

const at::Tensor& tensorOf(const std::map<std::string, at::Tensor>& golden, const std::string& name);

struct Difference {
  double maxAbs = 0;
  double maxRel = 0;
  bool shapesMatch = true;
  std::string describe() const;
};
Difference compare(const at::Tensor& actual, const at::Tensor& expected);

// True when |a − e| ≤ atol + rtol·|e| everywhere (numpy.allclose); `report`
// gets the max differences for the failure message.
bool allClose(const at::Tensor& actual, const at::Tensor& expected, double atol, double rtol, std::string* report);

// The goldens were made with torch 1.13. On that LibTorch, values computed
// from exact inputs (initial noise × σ_max) match them bit for bit. On
// LibTorch 2.x σ_max itself is one ulp away (14.614645957946777 instead of
// 14.614645004272461: its ((1 − ᾱ)/ᾱ)^0.5 rounds differently; diffusers on
// torch 2.x sees the same), so there such checks allow two ulps.
bool sameTorchAsGoldens();
double goldenUlpTolerance();  // 0 on the goldens' LibTorch, 2 ulps (relative) elsewhere

}  // namespace sd::test

// Bit-identical on the goldens' LibTorch, within goldenUlpTolerance() elsewhere.
#define SD_EXPECT_EXACT(actual, expected) SD_EXPECT_CLOSE((actual), (expected), 0.0, sd::test::goldenUlpTolerance())

// QVERIFY2 with the difference report.
#define SD_EXPECT_CLOSE(actual, expected, atol, rtol)                                  \
  do {                                                                                 \
    std::string sdReport_;                                                             \
    const bool sdOk_ = sd::test::allClose((actual), (expected), (atol), (rtol), &sdReport_); \
    QVERIFY2(sdOk_, sdReport_.c_str());                                                \
  } while (false)
