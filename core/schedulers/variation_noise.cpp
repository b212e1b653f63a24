#include "core/schedulers/variation_noise.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/ops/acos.h>
#include <ATen/ops/gt.h>
#include <ATen/ops/mean.h>
#include <ATen/ops/norm.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/sin.h>
#include <ATen/ops/sum.h>

#include "core/util/error.h"

namespace sd {

at::Tensor slerpA1111(double val, const at::Tensor& low, const at::Tensor& high) {
  if (low.dim() != 3 || !low.sizes().equals(high.sizes()))
    throw Error("slerp needs two [C, H, W] tensors of one shape");
  const int64_t rows[] = {1};  // dim 1 of [C, H, W]: A1111's torch.norm(x, dim=1)
  const auto lowNorm = low / at::norm(low, c10::optional<at::Scalar>(2), at::IntArrayRef(rows), /*keepdim=*/true);
  const auto highNorm = high / at::norm(high, c10::optional<at::Scalar>(2), at::IntArrayRef(rows), /*keepdim=*/true);
  const auto dot = (lowNorm * highNorm).sum(1);  // [C, W]
  // Compared as a float32 tensor with the scalar, as in Python.
  if ((dot.mean() > 0.9995).item<bool>()) return low * val + high * (1 - val);
  const auto omega = at::acos(dot);
  const auto so = at::sin(omega);
  return (at::sin(omega * (1.0 - val)) / so).unsqueeze(1) * low + (at::sin(omega * val) / so).unsqueeze(1) * high;
}

at::Tensor varyNoise(const at::Tensor& noise, uint64_t variationSeed, double strength) {
  if (strength == 0) return noise;
  if (noise.dim() != 4 || noise.size(0) != 1) throw Error("variation noise is made one image [1, C, H, W] at a time");
  auto generator = at::make_generator<at::CPUGeneratorImpl>(variationSeed);
  const auto cpu = at::TensorOptions().dtype(at::kFloat).device(at::kCPU);
  const auto subnoise = at::randn(noise.sizes(), generator, cpu);
  return slerpA1111(strength, noise[0], subnoise[0]).unsqueeze(0);
}

}  // namespace sd
