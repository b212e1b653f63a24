#pragma once
// A minimal module tree for inference: each module registers its parameters
// and children under the checkpoint key names (diffusers/transformers), so
// loading a folder is a name lookup and a full-size model can be described
// (names and shapes) without allocating any weights.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

namespace sd {

class Module {
 public:
  Module() = default;
  virtual ~Module() = default;
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  struct ParamRef {
    std::string name;
    const std::vector<int64_t>& shape;
    at::Tensor& tensor;
  };
  // Every parameter below this module, depth first in registration order.
  void forEachParameter(const std::function<void(const ParamRef&)>& visit, const std::string& prefix = "");
  std::vector<std::pair<std::string, std::vector<int64_t>>> parameterShapes();
  int64_t parameterCount();

 protected:
  void registerParameter(std::string name, at::Tensor& slot, std::vector<int64_t> shape);
  template <typename M>
  M& registerModule(std::string name, M& child) {
    m_children.emplace_back(std::move(name), &child);
    return child;
  }
  template <typename M>
  M& ownModule(std::string name, std::unique_ptr<M> child) {
    auto& ref = *child;
    m_owned.push_back(std::move(child));
    return registerModule(std::move(name), ref);
  }

 private:
  struct Parameter {
    std::string name;
    at::Tensor* slot;
    std::vector<int64_t> shape;
  };
  std::vector<Parameter> m_parameters;
  std::vector<std::pair<std::string, Module*>> m_children;
  std::vector<std::unique_ptr<Module>> m_owned;
};

// Children named 0, 1, 2 … like torch.nn.ModuleList.
template <typename M>
class ModuleList : public Module {
 public:
  M& append(std::unique_ptr<M> item) {
    auto& ref = ownModule(std::to_string(m_items.size()), std::move(item));
    m_items.push_back(&ref);
    return ref;
  }
  std::size_t size() const { return m_items.size(); }
  bool empty() const { return m_items.empty(); }
  M& operator[](std::size_t i) const { return *m_items[i]; }
  auto begin() const { return m_items.begin(); }
  auto end() const { return m_items.end(); }

 private:
  std::vector<M*> m_items;
};

}  // namespace sd
