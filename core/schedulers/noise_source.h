#pragma once
// Gaussian noise drawn exactly as diffusers' randn_tensor draws it: on the
// CPU, float32, from one generator for the whole batch or from one
// generator per image (row i from generators[i], shape [1, ...]).
#include <vector>

#include <ATen/core/Generator.h>

#include "core/nn/aten.h"

namespace sd {

class NoiseSource {
 public:
  NoiseSource() = default;
  explicit NoiseSource(std::vector<at::Generator> generators) : m_generators(std::move(generators)) {}
  static NoiseSource fromSeed(uint64_t seed);
  static NoiseSource perImage(const std::vector<uint64_t>& seeds);

  // randn(shape) on the CPU in float32, then moved to `options`' device/dtype.
  at::Tensor randn(at::IntArrayRef shape, const at::TensorOptions& options) const;
  bool empty() const { return m_generators.empty(); }
  std::size_t size() const { return m_generators.size(); }

 private:
  std::vector<at::Generator> m_generators;
};

}  // namespace sd
