#include "core/clip/clip_config.h"

#include <tuple>

#include <nlohmann/json.hpp>

#include "core/util/error.h"
#include "core/util/json_file.h"

namespace sd {

namespace {

template <typename T>
void read(const nlohmann::json& j, const char* key, T& field, const std::filesystem::path& origin) {
  field = jsonValue<T>(j, key, field, origin);
}

ClipVisionConfig readVision(const nlohmann::json& j, const std::filesystem::path& path) {
  ClipVisionConfig c;
  read(j, "hidden_size", c.hiddenSize, path);
  read(j, "intermediate_size", c.intermediateSize, path);
  read(j, "num_hidden_layers", c.numHiddenLayers, path);
  read(j, "num_attention_heads", c.numAttentionHeads, path);
  read(j, "num_channels", c.numChannels, path);
  read(j, "image_size", c.imageSize, path);
  read(j, "patch_size", c.patchSize, path);
  read(j, "hidden_act", c.hiddenAct, path);
  read(j, "layer_norm_eps", c.layerNormEps, path);
  using namespace config_limits;
  // (patch_size up to image_size: a 2048-pixel image of 14-pixel patches is
  // 21,000 tokens, already past any CLIP.)
  for (auto [value, key, most] :
       {std::tuple{c.hiddenSize, "hidden_size", kMaxWidth}, {c.intermediateSize, "intermediate_size", kMaxFeedForward},
        {c.numHiddenLayers, "num_hidden_layers", kMaxLayers}, {c.numAttentionHeads, "num_attention_heads", kMaxHeads},
        {c.numChannels, "num_channels", kMaxImageChannels}, {c.imageSize, "image_size", 2048},
        {c.patchSize, "patch_size", c.imageSize}})
    requireWithin(value, 1, most, std::string("vision_config.") + key, path);
  if (c.hiddenSize % c.numAttentionHeads != 0)
    throw Error(path.string() + ": vision_config.hidden_size is not divisible by num_attention_heads");
  if (c.imageSize % c.patchSize != 0)
    throw Error(path.string() + ": vision_config.image_size " + std::to_string(c.imageSize) +
                " is not a multiple of patch_size " + std::to_string(c.patchSize));
  requireWithin(c.patchesPerSide(), 1, 64, "vision_config.image_size / patch_size (patches per side)", path);
  if (c.hiddenAct != "quick_gelu" && c.hiddenAct != "gelu")
    throw Error(path.string() + ": vision_config.hidden_act '" + c.hiddenAct + "' is not supported (quick_gelu, gelu)");
  return c;
}

// readClipTextConfig fills absent keys with SD v1.4's values; a CLIPModel's
// absent keys mean CLIPTextConfig's defaults instead.
ClipTextConfig readText(const nlohmann::json& root, const std::filesystem::path& path) {
  auto c = readClipTextConfig(path);
  const auto defaults = clipTextConfigDefaults();
  const auto it = root.find("text_config");
  const nlohmann::json empty = nlohmann::json::object();
  const auto& j = it != root.end() && it->is_object() ? *it : empty;
  auto fallback = [&](const char* key, auto& field, const auto& value) {
    if (!j.contains(key)) field = value;
  };
  fallback("vocab_size", c.vocabSize, defaults.vocabSize);
  fallback("hidden_size", c.hiddenSize, defaults.hiddenSize);
  fallback("intermediate_size", c.intermediateSize, defaults.intermediateSize);
  fallback("num_hidden_layers", c.numHiddenLayers, defaults.numHiddenLayers);
  fallback("num_attention_heads", c.numAttentionHeads, defaults.numAttentionHeads);
  fallback("max_position_embeddings", c.maxPositionEmbeddings, defaults.maxPositionEmbeddings);
  fallback("eos_token_id", c.eosTokenId, defaults.eosTokenId);
  if (c.hiddenSize % c.numAttentionHeads != 0)
    throw Error(path.string() + ": text_config.hidden_size is not divisible by num_attention_heads");
  return c;
}

}  // namespace

ClipTextConfig clipTextConfigDefaults() {
  ClipTextConfig c;
  c.vocabSize = 49408;
  c.hiddenSize = 512;
  c.intermediateSize = 2048;
  c.numHiddenLayers = 12;
  c.numAttentionHeads = 8;
  c.maxPositionEmbeddings = 77;
  c.hiddenAct = "quick_gelu";
  c.layerNormEps = 1e-5;
  c.projectionDim = 512;
  c.eosTokenId = 49407;  // CLIPTextConfig's; released configs say 2 (legacy argmax pooling)
  return c;
}

ClipModelConfig clipModelConfigDefaults() {
  ClipModelConfig c;
  c.text = clipTextConfigDefaults();
  c.text.eosTokenId = 2;  // as openai/clip-vit-base-patch32's config.json
  return c;
}

ClipModelConfig readClipModelConfig(const std::filesystem::path& path) {
  const auto root = readJsonFile(path);
  if (!root.contains("vision_config") || !root.contains("text_config"))
    throw Error(path.string() + ": not a CLIPModel config (needs \"text_config\" and \"vision_config\")");
  ClipModelConfig c;
  c.text = readText(root, path);
  c.vision = readVision(root["vision_config"], path);
  read(root, "projection_dim", c.projectionDim, path);
  read(root, "logit_scale_init_value", c.logitScaleInitValue, path);
  requireWithin(c.projectionDim, 1, config_limits::kMaxWidth, "projection_dim", path);
  return c;
}

}  // namespace sd
