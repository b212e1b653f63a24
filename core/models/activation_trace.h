#pragma once
// Named intermediate activations a model records on request (what diffusers'
// forward hooks capture for the goldens' *.debug.* tensors): a test can then
// say which block went wrong, not just that the output did.
#include <map>
#include <string>

#include <ATen/core/Tensor.h>

namespace sd {

using ActivationTrace = std::map<std::string, at::Tensor>;

inline void record(ActivationTrace* trace, const std::string& name, const at::Tensor& value) {
  if (trace) (*trace)[name] = value;
}

}  // namespace sd
