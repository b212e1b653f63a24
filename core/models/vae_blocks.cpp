#include "core/models/vae_blocks.h"

namespace sd {

namespace {

constexpr int64_t kDownsamplePadding = 0;  // diffusers Encoder: padding 0 → pad (0,1,0,1) first

std::unique_ptr<ResnetBlock2D> resnet(int64_t in, int64_t out, const VaeBlockSpec& s) {
  return std::make_unique<ResnetBlock2D>(ResnetSpec{in, out, 0, s.groups, s.eps});
}

}  // namespace

VaeDownBlock::VaeDownBlock(const VaeBlockSpec& s) {
  registerModule("resnets", resnets);
  for (int64_t i = 0; i < s.layers; ++i) resnets.append(resnet(i == 0 ? s.inChannels : s.outChannels, s.outChannels, s));
  if (s.resample) {
    registerModule("downsamplers", downsamplers);
    downsamplers.append(std::make_unique<Downsample2D>(s.outChannels, kDownsamplePadding));
  }
}

at::Tensor VaeDownBlock::operator()(at::Tensor x) const {
  for (const auto* block : resnets) x = (*block)(x);
  for (const auto* down : downsamplers) x = (*down)(x);
  return x;
}

VaeUpBlock::VaeUpBlock(const VaeBlockSpec& s) {
  registerModule("resnets", resnets);
  for (int64_t i = 0; i < s.layers; ++i) resnets.append(resnet(i == 0 ? s.inChannels : s.outChannels, s.outChannels, s));
  if (s.resample) {
    registerModule("upsamplers", upsamplers);
    upsamplers.append(std::make_unique<Upsample2D>(s.outChannels));
  }
}

at::Tensor VaeUpBlock::operator()(at::Tensor x) const {
  for (const auto* block : resnets) x = (*block)(x);
  for (const auto* up : upsamplers) x = (*up)(x);
  return x;
}

VaeMidBlock::VaeMidBlock(int64_t channels, int64_t groups, double eps) {
  registerModule("attentions", attentions);
  registerModule("resnets", resnets);
  const VaeBlockSpec spec{channels, channels, 1, groups, eps, false};
  resnets.append(resnet(channels, channels, spec));
  // diffusers: attention_head_dim = channels → heads = 1, biased q/k/v.
  attentions.append(std::make_unique<MultiHeadAttention>(
      AttentionSpec{channels, channels, 1, channels, /*qkvBias=*/true, groups, eps}));
  resnets.append(resnet(channels, channels, spec));
}

at::Tensor VaeMidBlock::operator()(at::Tensor x) const {
  x = resnets[0](x);
  x = attentions[0].spatial(x);
  return resnets[1](x);
}

}  // namespace sd
