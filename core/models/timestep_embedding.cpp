#include "core/models/timestep_embedding.h"

#include <cmath>

#include "core/nn/aten.h"
#include <ATen/ops/arange.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/constant_pad_nd.h>
#include <ATen/ops/cos.h>
#include <ATen/ops/exp.h>
#include <ATen/ops/silu.h>
#include <ATen/ops/sin.h>

#include "core/util/error.h"

namespace sd {

at::Tensor timestepProjection(const at::Tensor& timesteps, const TimestepProjectionSpec& spec) {
  if (timesteps.dim() != 1) throw Error("timestep embedding: timesteps must be a 1-D tensor");
  const int64_t half = spec.channels / 2;
  const auto options = at::TensorOptions().dtype(at::kFloat).device(timesteps.device());
  // Same float32 operation order as diffusers: scale arange, then divide.
  auto exponent = at::arange(half, options) * (-std::log(spec.maxPeriod));
  exponent = exponent / (static_cast<double>(half) - spec.freqShift);
  const auto args = timesteps.to(at::kFloat).unsqueeze(1) * at::exp(exponent).unsqueeze(0);  // [B, half]
  auto emb = spec.flipSinToCos ? at::cat({at::cos(args), at::sin(args)}, -1) : at::cat({at::sin(args), at::cos(args)}, -1);
  if (spec.channels % 2 == 1) emb = at::constant_pad_nd(emb, {0, 1, 0, 0}, 0);
  return emb;
}

TimestepEmbedding::TimestepEmbedding(int64_t inChannels, int64_t embedDim)
    : linear_1(inChannels, embedDim), linear_2(embedDim, embedDim) {
  registerModule("linear_1", linear_1);
  registerModule("linear_2", linear_2);
}

at::Tensor TimestepEmbedding::operator()(const at::Tensor& x) const { return linear_2(at::silu(linear_1(x))); }

}  // namespace sd
