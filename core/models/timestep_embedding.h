#pragma once
// diffusers Timesteps + TimestepEmbedding (embeddings.py): the sinusoidal
// projection of the timestep and the MLP on top of it.
#include "core/nn/layers.h"

namespace sd {

struct TimestepProjectionSpec {
  int64_t channels;         // block_out_channels[0]
  bool flipSinToCos = true;
  double freqShift = 0;     // downscale_freq_shift
  double maxPeriod = 10000;
};

// get_timestep_embedding: t [B] (int or float) → [B, channels] float32.
// exponent = −ln(maxPeriod)·arange(half)/(half − freqShift); emb = t.float()·exp(exponent);
// [sin, cos], flipped to [cos, sin] when flipSinToCos; zero-padded when odd.
at::Tensor timestepProjection(const at::Tensor& timesteps, const TimestepProjectionSpec& spec);

// linear_1 → SiLU → linear_2, [B, in] → [B, out].
class TimestepEmbedding : public Module {
 public:
  TimestepEmbedding(int64_t inChannels, int64_t embedDim);
  at::Tensor operator()(const at::Tensor& x) const;
  Linear linear_1, linear_2;
};

}  // namespace sd
