#include "core/models/model_config.h"

#include <nlohmann/json.hpp>

#include "core/util/error.h"
#include "core/util/json_file.h"

namespace sd {

namespace {

// Reads `key` into `field` when present; wrong types are errors naming the file.
template <typename T>
void read(const nlohmann::json& json, const char* key, T& field, const std::filesystem::path& origin) {
  field = jsonValue<T>(json, key, field, origin);
}

void requireEachWithin(const std::vector<int>& values, int64_t lo, int64_t hi, const char* key,
                       const std::filesystem::path& origin) {
  requireWithin(static_cast<int64_t>(values.size()), 1, config_limits::kMaxBlocks, std::string(key) + " (count)", origin);
  for (int v : values) requireWithin(v, lo, hi, key, origin);
}

}  // namespace

void requireWithin(int64_t value, int64_t lo, int64_t hi, const std::string& key, const std::filesystem::path& origin) {
  if (value < lo || value > hi)
    throw Error(origin.string() + ": \"" + key + "\" is " + std::to_string(value) + ", outside " + std::to_string(lo) +
                ".." + std::to_string(hi) + " (what SD Studio's architectures allow)");
}

ClipTextConfig readClipTextConfig(const std::filesystem::path& path) {
  const auto json = readJsonFile(path);
  // A CLIPModel config nests the text tower under "text_config".
  const auto& j = json.contains("text_config") ? json["text_config"] : json;
  ClipTextConfig c;
  read(j, "vocab_size", c.vocabSize, path);
  read(j, "hidden_size", c.hiddenSize, path);
  read(j, "intermediate_size", c.intermediateSize, path);
  read(j, "num_hidden_layers", c.numHiddenLayers, path);
  read(j, "num_attention_heads", c.numAttentionHeads, path);
  read(j, "max_position_embeddings", c.maxPositionEmbeddings, path);
  read(j, "hidden_act", c.hiddenAct, path);
  read(j, "layer_norm_eps", c.layerNormEps, path);
  read(j, "projection_dim", c.projectionDim, path);
  read(j, "eos_token_id", c.eosTokenId, path);
  using namespace config_limits;
  requireWithin(c.vocabSize, 1, kMaxVocabulary, "vocab_size", path);
  requireWithin(c.hiddenSize, 1, kMaxWidth, "hidden_size", path);
  requireWithin(c.intermediateSize, 1, kMaxFeedForward, "intermediate_size", path);
  requireWithin(c.numHiddenLayers, 1, kMaxLayers, "num_hidden_layers", path);
  requireWithin(c.numAttentionHeads, 1, kMaxHeads, "num_attention_heads", path);
  requireWithin(c.maxPositionEmbeddings, 1, kMaxPositions, "max_position_embeddings", path);
  requireWithin(c.projectionDim, 1, kMaxWidth, "projection_dim", path);
  if (c.hiddenSize % c.numAttentionHeads != 0)
    throw Error(path.string() + ": hidden_size " + std::to_string(c.hiddenSize) +
                " is not divisible by num_attention_heads " + std::to_string(c.numAttentionHeads));
  if (c.hiddenAct != "quick_gelu" && c.hiddenAct != "gelu")
    throw Error(path.string() + ": hidden_act '" + c.hiddenAct + "' is not supported (quick_gelu, gelu)");
  return c;
}

namespace {

// Shared by the UNet and the VAE: GroupNorm splits every block's channels
// into norm_num_groups groups, so each must divide evenly (and be bounded).
void requireBlockChannels(const std::vector<int>& channels, int groups, const std::filesystem::path& path) {
  requireWithin(groups, 1, config_limits::kMaxWidth, "norm_num_groups", path);
  requireEachWithin(channels, 1, config_limits::kMaxWidth, "block_out_channels", path);
  for (int ch : channels)
    if (ch % groups != 0)
      throw Error(path.string() + ": block_out_channels " + std::to_string(ch) + " is not divisible by "
                  "norm_num_groups " + std::to_string(groups));
}

std::vector<int> perBlock(const nlohmann::json& j, const char* key, std::vector<int> fallback, std::size_t blocks,
                          const std::filesystem::path& origin) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (it->is_number_integer()) return std::vector<int>(blocks, it->get<int>());
  return jsonValue<std::vector<int>>(j, key, fallback, origin);
}

}  // namespace

UNetConfig readUNetConfig(const std::filesystem::path& path) {
  const auto j = readJsonFile(path);
  UNetConfig c;
  read(j, "in_channels", c.inChannels, path);
  read(j, "out_channels", c.outChannels, path);
  read(j, "down_block_types", c.downBlockTypes, path);
  read(j, "up_block_types", c.upBlockTypes, path);
  read(j, "mid_block_type", c.midBlockType, path);
  read(j, "block_out_channels", c.blockOutChannels, path);
  read(j, "layers_per_block", c.layersPerBlock, path);
  read(j, "downsample_padding", c.downsamplePadding, path);
  read(j, "mid_block_scale_factor", c.midBlockScaleFactor, path);
  read(j, "act_fn", c.actFn, path);
  read(j, "norm_num_groups", c.normNumGroups, path);
  read(j, "norm_eps", c.normEps, path);
  read(j, "cross_attention_dim", c.crossAttentionDim, path);
  read(j, "use_linear_projection", c.useLinearProjection, path);
  read(j, "flip_sin_to_cos", c.flipSinToCos, path);
  read(j, "freq_shift", c.freqShift, path);
  read(j, "sample_size", c.sampleSize, path);
  read(j, "upcast_attention", c.upcastAttention, path);
  read(j, "conv_in_kernel", c.convInKernel, path);
  read(j, "conv_out_kernel", c.convOutKernel, path);
  const auto blocks = c.blockOutChannels.size();
  c.attentionHeads = perBlock(j, "attention_head_dim", std::vector<int>(blocks, 8), blocks, path);
  c.attentionHeads = perBlock(j, "num_attention_heads", c.attentionHeads, blocks, path);
  const auto tl = perBlock(j, "transformer_layers_per_block", {1}, 1, path);
  c.transformerLayersPerBlock = tl.empty() ? 1 : tl.front();
  if (c.downBlockTypes.size() != blocks || c.upBlockTypes.size() != blocks || c.attentionHeads.size() != blocks)
    throw Error(path.string() + ": down_block_types, up_block_types, attention heads and block_out_channels "
                "must have the same length");
  requireBlockChannels(c.blockOutChannels, c.normNumGroups, path);
  using namespace config_limits;
  requireEachWithin(c.attentionHeads, 1, kMaxHeads, "attention heads", path);
  requireWithin(c.layersPerBlock, 1, kMaxLayersPerBlock, "layers_per_block", path);
  requireWithin(c.transformerLayersPerBlock, 1, kMaxLayersPerBlock, "transformer_layers_per_block", path);
  requireWithin(c.inChannels, 1, kMaxImageChannels, "in_channels", path);
  requireWithin(c.outChannels, 1, kMaxImageChannels, "out_channels", path);
  requireWithin(c.crossAttentionDim, 1, kMaxWidth, "cross_attention_dim", path);
  requireWithin(c.sampleSize, 1, kMaxSampleSize, "sample_size", path);
  requireWithin(c.convInKernel, 1, kMaxKernel, "conv_in_kernel", path);
  requireWithin(c.convOutKernel, 1, kMaxKernel, "conv_out_kernel", path);
  return c;
}

VaeConfig readVaeConfig(const std::filesystem::path& path) {
  const auto j = readJsonFile(path);
  VaeConfig c;
  read(j, "in_channels", c.inChannels, path);
  read(j, "out_channels", c.outChannels, path);
  read(j, "latent_channels", c.latentChannels, path);
  read(j, "block_out_channels", c.blockOutChannels, path);
  read(j, "layers_per_block", c.layersPerBlock, path);
  read(j, "norm_num_groups", c.normNumGroups, path);
  read(j, "act_fn", c.actFn, path);
  read(j, "scaling_factor", c.scalingFactor, path);
  read(j, "sample_size", c.sampleSize, path);
  read(j, "force_upcast", c.forceUpcast, path);
  if (c.blockOutChannels.empty()) throw Error(path.string() + ": block_out_channels is empty");
  requireBlockChannels(c.blockOutChannels, c.normNumGroups, path);
  if (c.scalingFactor <= 0) throw Error(path.string() + ": scaling_factor must be positive");
  using namespace config_limits;
  requireWithin(c.layersPerBlock, 1, kMaxLayersPerBlock, "layers_per_block", path);
  requireWithin(c.inChannels, 1, kMaxImageChannels, "in_channels", path);
  requireWithin(c.outChannels, 1, kMaxImageChannels, "out_channels", path);
  requireWithin(c.latentChannels, 1, kMaxImageChannels, "latent_channels", path);
  requireWithin(c.sampleSize, 1, kMaxSampleSize, "sample_size", path);
  return c;
}

}  // namespace sd
