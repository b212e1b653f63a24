#include "core/schedulers/noise_source.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/randn.h>

#include "core/nn/device_copy.h"
#include "core/schedulers/variation_noise.h"
#include "core/util/error.h"

namespace sd {

NoiseSource NoiseSource::fromSeed(uint64_t seed) {
  return NoiseSource({at::make_generator<at::CPUGeneratorImpl>(seed)});
}

NoiseSource NoiseSource::perImage(const std::vector<uint64_t>& seeds) {
  std::vector<at::Generator> generators;
  for (auto seed : seeds) generators.push_back(at::make_generator<at::CPUGeneratorImpl>(seed));
  return NoiseSource(std::move(generators));
}

at::Tensor NoiseSource::randn(at::IntArrayRef shape, const at::TensorOptions& options) const {
  return toDeviceAsync(randnCpu(shape), options.device(), c10::typeMetaToScalarType(options.dtype()));
}

void NoiseSource::setVariation(std::vector<uint64_t> variationSeeds, double strength) {
  if (!(strength >= 0 && strength <= 1)) throw Error("the variation strength must be between 0 and 1");
  if (strength > 0 && variationSeeds.size() != m_generators.size())
    throw Error("variation noise needs one variation seed per generator (" + std::to_string(m_generators.size()) +
                "), got " + std::to_string(variationSeeds.size()));
  m_variationSeeds = std::move(variationSeeds);
  m_variationStrength = strength;
}

at::Tensor NoiseSource::initialNoise(at::IntArrayRef shape, const at::TensorOptions& options) const {
  if (m_variationStrength == 0) return randn(shape, options);
  if (m_generators.size() != static_cast<std::size_t>(shape[0]))
    throw Error("variation seeds need one generator per image");
  const auto noise = randnCpu(shape);
  std::vector<at::Tensor> rows;
  for (std::size_t i = 0; i < m_generators.size(); ++i)
    rows.push_back(varyNoise(noise.narrow(0, static_cast<int64_t>(i), 1), m_variationSeeds[i], m_variationStrength));
  return toDeviceAsync(at::cat(rows, 0), options.device(), c10::typeMetaToScalarType(options.dtype()));
}

at::Tensor NoiseSource::randnCpu(at::IntArrayRef shape) const {
  if (m_generators.empty()) throw Error("no random generator was given for noise");
  const auto cpu = at::TensorOptions().dtype(at::kFloat).device(at::kCPU);
  if (m_generators.size() == 1) return at::randn(shape, m_generators.front(), cpu);
  if (shape.empty() || shape[0] != static_cast<int64_t>(m_generators.size()))
    throw Error("noise for " + std::to_string(shape.empty() ? 0 : shape[0]) + " images needs as many generators, got " +
                std::to_string(m_generators.size()));
  std::vector<int64_t> one(shape.begin(), shape.end());
  one[0] = 1;
  std::vector<at::Tensor> rows;
  for (const auto& g : m_generators) rows.push_back(at::randn(one, g, cpu));
  return at::cat(rows, 0);
}

}  // namespace sd
