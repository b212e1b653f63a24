#include "core/nn/module.h"

namespace sd {

void Module::registerParameter(std::string name, at::Tensor& slot, std::vector<int64_t> shape) {
  m_parameters.push_back({std::move(name), &slot, std::move(shape)});
}

void Module::forEachParameter(const std::function<void(const ParamRef&)>& visit, const std::string& prefix) {
  for (auto& p : m_parameters) visit(ParamRef{prefix + p.name, p.shape, *p.slot});
  for (auto& [name, child] : m_children) child->forEachParameter(visit, prefix + name + ".");
}

std::vector<std::pair<std::string, std::vector<int64_t>>> Module::parameterShapes() {
  std::vector<std::pair<std::string, std::vector<int64_t>>> out;
  forEachParameter([&](const ParamRef& p) { out.emplace_back(p.name, p.shape); });
  return out;
}

int64_t Module::parameterCount() {
  int64_t total = 0;
  forEachParameter([&](const ParamRef& p) {
    int64_t n = 1;
    for (auto d : p.shape) n *= d;
    total += n;
  });
  return total;
}

}  // namespace sd
