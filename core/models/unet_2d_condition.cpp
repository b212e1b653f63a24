#include "core/models/unet_2d_condition.h"

#include <algorithm>

#include "core/nn/aten.h"
#include <ATen/ops/silu.h>

#include "core/util/error.h"
#include "core/util/interruption.h"

namespace sd {

namespace {

constexpr int kTimeEmbedMultiplier = 4;  // diffusers: time_embed_dim = block_out_channels[0] * 4

const UNetConfig& validated(const UNetConfig& c) {
  const auto blocks = c.blockOutChannels.size();
  if (blocks == 0) throw Error("UNet config: block_out_channels is empty");
  if (c.downBlockTypes.size() != blocks || c.upBlockTypes.size() != blocks || c.attentionHeads.size() != blocks)
    throw Error("UNet config: block types, attention heads and block_out_channels differ in length");
  for (const auto& t : c.downBlockTypes)
    if (t != "CrossAttnDownBlock2D" && t != "DownBlock2D") throw Error("UNet config: unsupported down block '" + t + "'");
  for (const auto& t : c.upBlockTypes)
    if (t != "CrossAttnUpBlock2D" && t != "UpBlock2D") throw Error("UNet config: unsupported up block '" + t + "'");
  if (c.midBlockType != "UNetMidBlock2DCrossAttn")
    throw Error("UNet config: unsupported mid block '" + c.midBlockType + "'");
  if (c.actFn != "silu") throw Error("UNet config: act_fn '" + c.actFn + "' is not supported (silu)");
  for (std::size_t i = 0; i < blocks; ++i)
    if (c.attentionHeads[i] <= 0 || c.blockOutChannels[i] % c.attentionHeads[i] != 0)
      throw Error("UNet config: block_out_channels " + std::to_string(c.blockOutChannels[i]) +
                  " is not divisible by " + std::to_string(c.attentionHeads[i]) + " attention heads");
  if (c.convInKernel % 2 == 0 || c.convOutKernel % 2 == 0) throw Error("UNet config: conv kernels must be odd");
  return c;
}

int64_t timeEmbedDim(const UNetConfig& c) { return int64_t{c.blockOutChannels[0]} * kTimeEmbedMultiplier; }

UNetBlockSpec blockSpec(const UNetConfig& c, int heads) {
  UNetBlockSpec s{};
  s.tembChannels = timeEmbedDim(c);
  s.layers = c.layersPerBlock;
  s.groups = c.normNumGroups;
  s.eps = c.normEps;
  s.downsamplePadding = c.downsamplePadding;
  s.transformer.heads = heads;
  s.transformer.crossAttentionDim = c.crossAttentionDim;
  s.transformer.layers = c.transformerLayersPerBlock;
  s.transformer.normGroups = c.normNumGroups;
  s.transformer.useLinearProjection = c.useLinearProjection;
  return s;
}

UNetBlockSpec midSpec(const UNetConfig& c) {
  auto s = blockSpec(c, c.attentionHeads.back());
  s.inChannels = s.outChannels = c.blockOutChannels.back();
  s.layers = 1;  // diffusers' UNetMidBlock2DCrossAttn default num_layers
  s.outputScaleFactor = c.midBlockScaleFactor;
  s.crossAttention = true;
  s.resample = false;
  return s;
}

}  // namespace

UNet2DConditionModel::UNet2DConditionModel(const UNetConfig& config)
    : time_embedding(validated(config).blockOutChannels[0], timeEmbedDim(config)),
      conv_in(config.inChannels, config.blockOutChannels[0], config.convInKernel, 1, (config.convInKernel - 1) / 2),
      mid_block(midSpec(config)),
      conv_norm_out(config.normNumGroups, config.blockOutChannels[0], config.normEps),
      conv_out(config.blockOutChannels[0], config.outChannels, config.convOutKernel, 1, (config.convOutKernel - 1) / 2),
      m_config(config),
      m_timeProj{config.blockOutChannels[0], config.flipSinToCos, static_cast<double>(config.freqShift)},
      m_upFactor(int64_t{1} << (config.blockOutChannels.size() - 1)) {
  const auto& ch = config.blockOutChannels;
  const auto blocks = ch.size();
  registerModule("conv_in", conv_in);
  registerModule("time_embedding", time_embedding);
  registerModule("down_blocks", down_blocks);
  for (std::size_t i = 0; i < blocks; ++i) {
    auto s = blockSpec(config, config.attentionHeads[i]);
    s.inChannels = i == 0 ? ch[0] : ch[i - 1];
    s.outChannels = ch[i];
    s.crossAttention = config.downBlockTypes[i] == "CrossAttnDownBlock2D";
    s.resample = i + 1 < blocks;
    down_blocks.append(std::make_unique<UNetDownBlock>(s));
  }
  registerModule("mid_block", mid_block);
  registerModule("up_blocks", up_blocks);
  for (std::size_t i = 0; i < blocks; ++i) {
    const std::size_t level = blocks - 1 - i;  // up block i mirrors down block `level`
    auto s = blockSpec(config, config.attentionHeads[level]);
    s.prevOutputChannels = ch[std::min(level + 1, blocks - 1)];
    s.outChannels = ch[level];
    s.inChannels = ch[level == 0 ? 0 : level - 1];
    s.layers = config.layersPerBlock + 1;
    s.crossAttention = config.upBlockTypes[i] == "CrossAttnUpBlock2D";
    s.resample = i + 1 < blocks;
    up_blocks.append(std::make_unique<UNetUpBlock>(s));
  }
  registerModule("conv_norm_out", conv_norm_out);
  registerModule("conv_out", conv_out);
}

void UNet2DConditionModel::checkInputs(const at::Tensor& sample, const at::Tensor& context) const {
  if (sample.dim() != 4 || sample.size(1) != m_config.inChannels)
    throw Error("UNet: sample must be [batch, " + std::to_string(m_config.inChannels) + ", h, w]");
  if (context.dim() != 3 || context.size(0) != sample.size(0) || context.size(2) != m_config.crossAttentionDim)
    throw Error("UNet: encoder_hidden_states must be [batch, tokens, " + std::to_string(m_config.crossAttentionDim) +
                "] with the sample's batch size");
}

at::Tensor UNet2DConditionModel::timeEmbedding(const at::Tensor& timestep, const at::Tensor& sample,
                                               ActivationTrace* trace) const {
  const int64_t batch = sample.size(0);
  auto t = timestep.to(sample.device());
  if (t.dim() == 0) t = t.unsqueeze(0);
  if (t.dim() != 1 || (t.size(0) != 1 && t.size(0) != batch))
    throw Error("UNet: timestep must be a scalar or have one value per sample");
  const auto proj = timestepProjection(t.expand({batch}), m_timeProj).to(sample.scalar_type());  // [B, C0]
  record(trace, "time_proj", proj);
  const auto emb = time_embedding(proj);  // [B, 4·C0]
  record(trace, "time_embedding", emb);
  return emb;
}

at::Tensor UNet2DConditionModel::forward(const at::Tensor& sample, const at::Tensor& timestep,
                                         const at::Tensor& encoderHiddenStates, ActivationTrace* trace) const {
  checkInputs(sample, encoderHiddenStates);
  // The network runs in its weights' dtype and answers in the caller's: a
  // bfloat16 UNet on the CPU keeps the scheduler's latents in float32.
  const auto callerType = sample.scalar_type();
  const auto input = sample.to(conv_in.weight.scalar_type());
  const auto context = encoderHiddenStates.to(input.scalar_type());
  const auto temb = timeEmbedding(timestep, input, trace);
  // Latent sizes that aren't multiples of the total down factor upsample to
  // each skip's exact size instead of ×2 (diffusers' forward_upsample_size).
  const bool explicitSizes = input.size(2) % m_upFactor != 0 || input.size(3) % m_upFactor != 0;

  auto x = conv_in(input);  // [B, C0, h, w]
  record(trace, "conv_in", x);
  std::vector<at::Tensor> skips{x};
  // Progress within the pass, for a step that takes a minute on a CPU.
  const double blocks = static_cast<double>(down_blocks.size() + 1 + up_blocks.size());
  double done = 0;
  for (std::size_t i = 0; i < down_blocks.size(); ++i) {
    x = down_blocks[i](x, temb, context, skips);
    record(trace, "down_blocks." + std::to_string(i), x);
    interruptionPoint(++done / blocks);
  }
  x = mid_block(x, temb, context);  // [B, C_last, h/2^n, w/2^n]
  record(trace, "mid_block", x);
  interruptionPoint(++done / blocks);
  for (std::size_t i = 0; i < up_blocks.size(); ++i) {
    std::vector<int64_t> upsampleSize;
    const auto consumed = up_blocks[i].resnets.size();
    if (explicitSizes && i + 1 < up_blocks.size() && skips.size() > consumed) {
      const auto& next = skips[skips.size() - consumed - 1];  // the next block's first skip
      upsampleSize = {next.size(2), next.size(3)};
    }
    x = up_blocks[i](x, temb, context, skips, upsampleSize);
    record(trace, "up_blocks." + std::to_string(i), x);
    interruptionPoint(++done / blocks);
  }
  x = conv_norm_out(x);  // [B, C0, h, w]
  record(trace, "conv_norm_out", x);
  // In the standard layout whatever the weights' (channels-last on CUDA):
  // the schedulers' arithmetic and the NCHW VAE read these latents, and a
  // channels-last input would turn the VAE decode channels-last too (it
  // measured slower that way).
  return conv_out(at::silu(x)).contiguous().to(callerType);
}

}  // namespace sd
