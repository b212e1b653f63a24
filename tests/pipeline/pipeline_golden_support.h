#pragma once
// Shared checks for the pipeline goldens (tests/data/goldens/pipelines and
// per_image, made by diffusers 0.27.2 on CPU fp32).
#include <QtTest>

#include "core/nn/aten.h"
#include "support/golden.h"

namespace sd::test {

// The reference README's tolerances for whole pipeline runs.
inline constexpr double kLatentAtol = 1e-3;     // relative to the latent scale (values ~1)
inline constexpr double kImageFloatAtol = 2e-3;
inline constexpr int kUint8Levels = 2;          // ±2 levels (issue); README: ±1 with ≤0.5 % differing
inline constexpr double kUint8ShareOverOne = 0.005;

// uint8 images: every value within ±kUint8Levels and at most 0.5 % of them
// more than one level off.
inline void expectUint8Close(const at::Tensor& actual, const at::Tensor& expected, const std::string& what) {
  QVERIFY2(actual.sizes() == expected.sizes(), (what + ": shapes differ").c_str());
  const auto diff = (actual.to(at::kInt) - expected.to(at::kInt)).abs();
  const int worst = diff.max().item<int>();
  const double overOne = (diff > 1).to(at::kDouble).mean().item<double>();
  const std::string report = what + ": max " + std::to_string(worst) + " levels, " + std::to_string(overOne * 100) +
                             " % of values more than 1 level off";
  qInfo("%s", report.c_str());
  QVERIFY2(worst <= kUint8Levels && overOne <= kUint8ShareOverOne, report.c_str());
}

inline void expectCloseReported(const at::Tensor& actual, const at::Tensor& expected, double atol,
                                const std::string& what, double rtol = 0.0) {
  std::string report;
  const bool ok = allClose(actual, expected, atol, rtol, &report);
  qInfo("%s: %s", what.c_str(), report.c_str());
  QVERIFY2(ok, (what + ": " + report).c_str());
}

}  // namespace sd::test
