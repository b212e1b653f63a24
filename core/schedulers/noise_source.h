#pragma once
// Gaussian noise drawn exactly as diffusers' randn_tensor draws it: on the
// CPU, float32, from one generator for the whole batch or from one
// generator per image (row i from generators[i], shape [1, ...]).
// With variation seeds (A1111's subseeds, core/schedulers/variation_noise.h)
// the initial noise of image i is blended with the noise of variation seed
// i; the main generators advance exactly as without them.
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
  // The noise a run starts from (txt2img latents, img2img's added noise):
  // randn(), blended per image with its variation seed's noise when set.
  at::Tensor initialNoise(at::IntArrayRef shape, const at::TensorOptions& options) const;
  // One variation seed per generator; strength in [0, 1], 0 = none.
  void setVariation(std::vector<uint64_t> variationSeeds, double strength);
  bool empty() const { return m_generators.empty(); }
  std::size_t size() const { return m_generators.size(); }

 private:
  at::Tensor randnCpu(at::IntArrayRef shape) const;

  std::vector<at::Generator> m_generators;
  std::vector<uint64_t> m_variationSeeds;
  double m_variationStrength = 0;
};

}  // namespace sd
