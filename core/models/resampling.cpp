#include "core/models/resampling.h"

#include "core/nn/aten.h"
#include <ATen/ops/constant_pad_nd.h>
#include <ATen/ops/upsample_nearest2d.h>

namespace sd {

Downsample2D::Downsample2D(int64_t channels, int64_t padding)
    : conv(channels, channels, 3, 2, padding), m_asymmetricPad(padding == 0) {
  registerModule("conv", conv);
}

at::Tensor Downsample2D::operator()(const at::Tensor& x) const {
  if (!m_asymmetricPad) return conv(x);
  return conv(at::constant_pad_nd(x, {0, 1, 0, 1}, 0));  // (left, right, top, bottom)
}

Upsample2D::Upsample2D(int64_t channels) : conv(channels, channels, 3, 1, 1) { registerModule("conv", conv); }

at::Tensor Upsample2D::operator()(const at::Tensor& x, const std::vector<int64_t>& size) const {
  // F.interpolate(scale_factor=2.0) hands the kernel the scale 1/2; with
  // an explicit size it derives in/out. Both are what PyTorch computes.
  const auto upsampled = size.empty()
                             ? at::upsample_nearest2d(x, {x.size(2) * 2, x.size(3) * 2}, 2.0, 2.0)
                             : at::upsample_nearest2d(x, size);
  return conv(upsampled);
}

}  // namespace sd
