#include "core/models/unet_blocks.h"

#include "core/nn/aten.h"
#include <ATen/ops/cat.h>

#include "core/util/error.h"

namespace sd {

namespace {

ResnetSpec resnetSpec(const UNetBlockSpec& s, int64_t in, int64_t out) {
  return {in, out, s.tembChannels, s.groups, s.eps, s.outputScaleFactor};
}

std::unique_ptr<Transformer2DModel> transformer(const UNetBlockSpec& s, int64_t channels) {
  TransformerSpec t = s.transformer;
  t.channels = channels;
  t.headDim = channels / t.heads;  // diffusers: out_channels // num_attention_heads
  return std::make_unique<Transformer2DModel>(t);
}

}  // namespace

UNetDownBlock::UNetDownBlock(const UNetBlockSpec& s) {
  if (s.crossAttention) registerModule("attentions", attentions);
  registerModule("resnets", resnets);
  for (int64_t i = 0; i < s.layers; ++i) {
    resnets.append(std::make_unique<ResnetBlock2D>(resnetSpec(s, i == 0 ? s.inChannels : s.outChannels, s.outChannels)));
    if (s.crossAttention) attentions.append(transformer(s, s.outChannels));
  }
  if (s.resample) {
    registerModule("downsamplers", downsamplers);
    downsamplers.append(std::make_unique<Downsample2D>(s.outChannels, s.downsamplePadding));
  }
}

at::Tensor UNetDownBlock::operator()(at::Tensor x, const at::Tensor& temb, const at::Tensor& context,
                                     std::vector<at::Tensor>& skips) const {
  for (std::size_t i = 0; i < resnets.size(); ++i) {
    x = resnets[i](x, temb);
    if (!attentions.empty()) x = attentions[i](x, context);
    skips.push_back(x);
  }
  for (const auto* down : downsamplers) {
    x = (*down)(x);
    skips.push_back(x);
  }
  return x;
}

UNetMidBlockCrossAttn::UNetMidBlockCrossAttn(const UNetBlockSpec& s) {
  registerModule("attentions", attentions);
  registerModule("resnets", resnets);
  resnets.append(std::make_unique<ResnetBlock2D>(resnetSpec(s, s.inChannels, s.inChannels)));
  for (int64_t i = 0; i < s.layers; ++i) {
    attentions.append(transformer(s, s.inChannels));
    resnets.append(std::make_unique<ResnetBlock2D>(resnetSpec(s, s.inChannels, s.inChannels)));
  }
}

at::Tensor UNetMidBlockCrossAttn::operator()(at::Tensor x, const at::Tensor& temb, const at::Tensor& context) const {
  x = resnets[0](x, temb);
  for (std::size_t i = 0; i < attentions.size(); ++i) x = resnets[i + 1](attentions[i](x, context), temb);
  return x;
}

UNetUpBlock::UNetUpBlock(const UNetBlockSpec& s) {
  if (s.crossAttention) registerModule("attentions", attentions);
  registerModule("resnets", resnets);
  for (int64_t i = 0; i < s.layers; ++i) {
    // The last resnet takes the skip from the level above (inChannels wide).
    const int64_t skipChannels = i == s.layers - 1 ? s.inChannels : s.outChannels;
    const int64_t fromBelow = i == 0 ? s.prevOutputChannels : s.outChannels;
    resnets.append(std::make_unique<ResnetBlock2D>(resnetSpec(s, fromBelow + skipChannels, s.outChannels)));
    if (s.crossAttention) attentions.append(transformer(s, s.outChannels));
  }
  if (s.resample) {
    registerModule("upsamplers", upsamplers);
    upsamplers.append(std::make_unique<Upsample2D>(s.outChannels));
  }
}

at::Tensor UNetUpBlock::operator()(at::Tensor x, const at::Tensor& temb, const at::Tensor& context,
                                   std::vector<at::Tensor>& skips, const std::vector<int64_t>& upsampleSize) const {
  for (std::size_t i = 0; i < resnets.size(); ++i) {
    if (skips.empty()) throw Error("UNet up block: ran out of skip connections");
    x = resnets[i](at::cat({x, skips.back()}, 1), temb);
    skips.pop_back();
    if (!attentions.empty()) x = attentions[i](x, context);
  }
  for (const auto* up : upsamplers) x = (*up)(x, upsampleSize);
  return x;
}

}  // namespace sd
