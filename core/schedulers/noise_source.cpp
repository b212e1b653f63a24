#include "core/schedulers/noise_source.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/randn.h>

#include "core/nn/device_copy.h"
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
  if (m_generators.empty()) throw Error("no random generator was given for noise");
  const auto cpu = at::TensorOptions().dtype(at::kFloat).device(at::kCPU);
  at::Tensor noise;
  if (m_generators.size() == 1) {
    noise = at::randn(shape, m_generators.front(), cpu);
  } else {
    if (shape.empty() || shape[0] != static_cast<int64_t>(m_generators.size()))
      throw Error("noise for " + std::to_string(shape.empty() ? 0 : shape[0]) + " images needs as many generators, got " +
                  std::to_string(m_generators.size()));
    std::vector<int64_t> one(shape.begin(), shape.end());
    one[0] = 1;
    std::vector<at::Tensor> rows;
    for (const auto& g : m_generators) rows.push_back(at::randn(one, g, cpu));
    noise = at::cat(rows, 0);
  }
  return toDeviceAsync(noise, options.device(), c10::typeMetaToScalarType(options.dtype()));
}

}  // namespace sd
