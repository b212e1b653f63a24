#include "core/models/vae_encoder.h"

#include "core/nn/aten.h"
#include <ATen/ops/silu.h>

namespace sd {

namespace {
constexpr int kMomentsPerLatent = 2;  // mean and logvar
}  // namespace

VaeEncoder::VaeEncoder(const VaeConfig& c, double normEps)
    : conv_in(c.inChannels, c.blockOutChannels.front(), 3, 1, 1),
      mid_block(c.blockOutChannels.back(), c.normNumGroups, normEps),
      conv_norm_out(c.normNumGroups, c.blockOutChannels.back(), normEps),
      conv_out(c.blockOutChannels.back(), int64_t{kMomentsPerLatent} * c.latentChannels, 3, 1, 1) {
  registerModule("conv_in", conv_in);
  registerModule("down_blocks", down_blocks);
  const auto& ch = c.blockOutChannels;
  for (std::size_t i = 0; i < ch.size(); ++i) {
    const VaeBlockSpec spec{i == 0 ? ch[0] : ch[i - 1], ch[i], c.layersPerBlock, c.normNumGroups, normEps,
                            i + 1 < ch.size()};
    down_blocks.append(std::make_unique<VaeDownBlock>(spec));
  }
  registerModule("mid_block", mid_block);
  registerModule("conv_norm_out", conv_norm_out);
  registerModule("conv_out", conv_out);
}

at::Tensor VaeEncoder::operator()(const at::Tensor& image, ActivationTrace* trace) const {
  auto x = conv_in(image);  // [B, C0, H, W]
  for (std::size_t i = 0; i < down_blocks.size(); ++i) {
    x = down_blocks[i](x);
    record(trace, "encoder.down_blocks." + std::to_string(i), x);
  }
  x = mid_block(x);  // [B, C_last, H/f, W/f]
  record(trace, "encoder.mid_block", x);
  x = conv_out(siluInPlace(conv_norm_out(x)));
  record(trace, "encoder.conv_out", x);
  return x;
}

}  // namespace sd
