#include "core/models/vae_decoder.h"

#include <algorithm>

#include "core/nn/aten.h"
#include <ATen/ops/silu.h>

namespace sd {

VaeDecoder::VaeDecoder(const VaeConfig& c, double normEps)
    : conv_in(c.latentChannels, c.blockOutChannels.back(), 3, 1, 1),
      mid_block(c.blockOutChannels.back(), c.normNumGroups, normEps),
      conv_norm_out(c.normNumGroups, c.blockOutChannels.front(), normEps),
      conv_out(c.blockOutChannels.front(), c.outChannels, 3, 1, 1) {
  registerModule("conv_in", conv_in);
  registerModule("mid_block", mid_block);
  registerModule("up_blocks", up_blocks);
  const auto& ch = c.blockOutChannels;
  const std::size_t levels = ch.size();
  for (std::size_t i = 0; i < levels; ++i) {
    const std::size_t level = levels - 1 - i;  // up block i mirrors down block `level`
    const VaeBlockSpec spec{ch[std::min(level + 1, levels - 1)], ch[level], c.layersPerBlock + 1, c.normNumGroups,
                            normEps, i + 1 < levels};
    up_blocks.append(std::make_unique<VaeUpBlock>(spec));
  }
  registerModule("conv_norm_out", conv_norm_out);
  registerModule("conv_out", conv_out);
}

at::Tensor VaeDecoder::operator()(const at::Tensor& z, ActivationTrace* trace) const {
  auto x = conv_in(z);  // [B, C_last, h, w]
  record(trace, "decoder.conv_in", x);
  x = mid_block(x);
  record(trace, "decoder.mid_block", x);
  for (std::size_t i = 0; i < up_blocks.size(); ++i) {
    x = up_blocks[i](x);
    record(trace, "decoder.up_blocks." + std::to_string(i), x);
  }
  return conv_out(siluInPlace(conv_norm_out(x)));  // [B, out, h·f, w·f]
}

}  // namespace sd
