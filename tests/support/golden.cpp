#include "support/golden.h"

#include <fstream>
#include <regex>
#include <sstream>

#include "core/nn/aten.h"
#include <ATen/ops/abs.h>
#include <ATen/ops/allclose.h>

#include "core/nn/tensor_io.h"
#include "core/nn/torch_features.h"
#include "core/util/error.h"

namespace sd::test {

bool sameTorchAsGoldens() { return TORCH_VERSION_MAJOR == 1 && TORCH_VERSION_MINOR == 13; }

double goldenUlpTolerance() { return sameTorchAsGoldens() ? 0.0 : 2.0 * 1.1920928955078125e-7; }

std::string dataPath(const std::string& relative) { return std::string(SD_TEST_DATA_DIR) + "/" + relative; }

std::map<std::string, at::Tensor> loadGolden(const std::string& relative) { return loadTensors(dataPath(relative)); }

nlohmann::json loadGoldenJson(const std::string& relative) {
  std::ifstream in(dataPath(relative));
  if (!in) throw Error("golden file " + relative + " not found");
  std::stringstream text;
  text << in.rdbuf();
  static const std::regex kPythonSpecials(R"((:\s*)-?(Infinity|NaN)\b)");
  return nlohmann::json::parse(std::regex_replace(text.str(), kPythonSpecials, "$1null"));
}

const at::Tensor& tensorOf(const std::map<std::string, at::Tensor>& golden, const std::string& name) {
  const auto it = golden.find(name);
  if (it == golden.end()) throw Error("golden tensor '" + name + "' not found");
  return it->second;
}

std::string Difference::describe() const {
  std::ostringstream out;
  if (!shapesMatch) return "shapes differ";
  out << "max |diff| = " << maxAbs << ", max rel = " << maxRel;
  return out.str();
}

Difference compare(const at::Tensor& actual, const at::Tensor& expected) {
  Difference d;
  if (actual.sizes() != expected.sizes()) {
    d.shapesMatch = false;
    return d;
  }
  const auto a = actual.to(at::kCPU).to(at::kDouble);
  const auto e = expected.to(at::kCPU).to(at::kDouble);
  const auto diff = (a - e).abs();
  d.maxAbs = diff.numel() ? diff.max().item<double>() : 0.0;
  d.maxRel = diff.numel() ? (diff / (e.abs() + 1e-12)).max().item<double>() : 0.0;
  return d;
}

bool allClose(const at::Tensor& actual, const at::Tensor& expected, double atol, double rtol, std::string* report) {
  const auto d = compare(actual, expected);
  std::ostringstream out;
  out << "actual " << actual.sizes() << " vs expected " << expected.sizes() << ": " << d.describe()
      << " (atol " << atol << ", rtol " << rtol << ")";
  if (report) *report = out.str();
  if (!d.shapesMatch) return false;
  const auto a = actual.to(at::kCPU).to(at::kDouble);
  const auto e = expected.to(at::kCPU).to(at::kDouble);
  return ((a - e).abs() <= atol + rtol * e.abs()).all().item<bool>();
}

}  // namespace sd::test
