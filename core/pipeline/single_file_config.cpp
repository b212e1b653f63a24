#include "core/pipeline/single_file_config.h"

#include <fstream>
#include <map>
#include <optional>
#include <string>

#include "core/pipeline/single_file_keys.h"
#include "core/util/error.h"

namespace sd {

namespace {

// The few scalar keys of an LDM yaml we use, per section (unet_config,
// first_stage_config, cond_stage_config). Not a YAML parser: LDM configs
// are plain "key: value" maps, and anything else is ignored.
using YamlValues = std::map<std::string, std::string>;  // "section.key" → value

YamlValues readLdmYaml(const std::filesystem::path& path) {
  YamlValues values;
  if (path.empty()) return values;
  std::ifstream in(path);
  if (!in) throw Error("cannot open " + path.string());
  std::string section;
  for (std::string line; std::getline(in, line);) {
    const auto colon = line.find(':');
    const auto start = line.find_first_not_of(' ');
    if (colon == std::string::npos || start == std::string::npos || line[start] == '#') continue;
    const auto key = line.substr(start, colon - start);
    auto value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    if (key == "unet_config" || key == "first_stage_config" || key == "cond_stage_config") section = key;
    if (!value.empty()) values[section + "." + key] = value;
  }
  return values;
}

std::optional<double> yamlNumber(const YamlValues& values, const std::string& key) {
  const auto it = values.find(key);
  if (it == values.end()) return std::nullopt;
  try {
    return std::stod(it->second);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

class ShapeReader {
 public:
  explicit ShapeReader(const SafetensorsFile& file) : m_file(file) {}
  bool has(const std::string& key) const { return m_file.find(key) != nullptr; }
  int64_t dim(const std::string& key, std::size_t index) const {
    const auto* info = m_file.find(key);
    if (!info || info->shape.size() <= index)
      throw Error(m_file.path().string() + ": tensor '" + key + "' is missing; is this a Stable Diffusion v1 checkpoint?");
    return info->shape[index];
  }
  int count(const std::string& prefix, const std::string& suffix) const {
    int n = 0;
    while (has(prefix + std::to_string(n) + suffix)) ++n;
    return n;
  }
  std::size_t rank(const std::string& key) const { return m_file.find(key) ? m_file.find(key)->shape.size() : 0; }

 private:
  const SafetensorsFile& m_file;
};

UNetConfig inferUnet(const ShapeReader& s, const YamlValues& yaml) {
  const std::string p = kLdmUnetPrefix;
  UNetConfig c;
  int firstDownsample = 1;
  while (firstDownsample < 64 && !s.has(p + "input_blocks." + std::to_string(firstDownsample) + ".0.op.weight"))
    ++firstDownsample;
  c.layersPerBlock = firstDownsample - 1;
  const int perLevel = c.layersPerBlock + 1;
  const int outputs = s.count(p + "output_blocks.", ".0.in_layers.0.weight");
  if (c.layersPerBlock < 1 || outputs == 0 || outputs % perLevel != 0)
    throw Error("cannot read the UNet layout from the checkpoint's tensor names");
  const int levels = outputs / perLevel;
  c.blockOutChannels.clear();
  c.downBlockTypes.clear();
  c.upBlockTypes.clear();
  for (int b = 0; b < levels; ++b) {
    const auto first = p + "input_blocks." + std::to_string(1 + b * perLevel);
    c.blockOutChannels.push_back(static_cast<int>(s.dim(first + ".0.out_layers.3.weight", 0)));
    c.downBlockTypes.push_back(s.has(first + ".1.proj_in.weight") ? "CrossAttnDownBlock2D" : "DownBlock2D");
  }
  for (int b = levels - 1; b >= 0; --b)
    c.upBlockTypes.push_back(c.downBlockTypes[b] == "CrossAttnDownBlock2D" ? "CrossAttnUpBlock2D" : "UpBlock2D");
  c.inChannels = static_cast<int>(s.dim(p + "input_blocks.0.0.weight", 1));
  c.outChannels = static_cast<int>(s.dim(p + "out.2.weight", 0));
  const auto attention = p + "middle_block.1.";
  c.crossAttentionDim = static_cast<int>(s.dim(attention + "transformer_blocks.0.attn2.to_k.weight", 1));
  c.useLinearProjection = s.rank(attention + "proj_in.weight") == 2;
  c.normNumGroups = static_cast<int>(yamlNumber(yaml, "unet_config.NOTE_norm_num_groups").value_or(32));
  if (auto headChannels = yamlNumber(yaml, "unet_config.num_head_channels"); headChannels && *headChannels > 0) {
    c.attentionHeads.clear();
    for (int ch : c.blockOutChannels) c.attentionHeads.push_back(ch / static_cast<int>(*headChannels));
  } else {
    c.attentionHeads.assign(levels, static_cast<int>(yamlNumber(yaml, "unet_config.num_heads").value_or(8)));
  }
  if (auto size = yamlNumber(yaml, ".image_size")) c.sampleSize = static_cast<int>(*size);
  return c;
}

VaeConfig inferVae(const ShapeReader& s, const YamlValues& yaml) {
  const std::string p = std::string(kLdmVaePrefix) + "encoder.";
  VaeConfig c;
  const int levels = s.count(p + "down.", ".block.0.conv1.weight");
  if (levels == 0) throw Error("cannot read the VAE layout from the checkpoint's tensor names");
  c.blockOutChannels.clear();
  for (int i = 0; i < levels; ++i)
    c.blockOutChannels.push_back(static_cast<int>(s.dim(p + "down." + std::to_string(i) + ".block.0.conv1.weight", 0)));
  c.layersPerBlock = s.count(p + "down.0.block.", ".conv1.weight");
  c.inChannels = static_cast<int>(s.dim(p + "conv_in.weight", 1));
  c.latentChannels = static_cast<int>(s.dim(std::string(kLdmVaePrefix) + "post_quant_conv.weight", 0));
  c.outChannels = static_cast<int>(s.dim(std::string(kLdmVaePrefix) + "decoder.conv_out.weight", 0));
  c.normNumGroups = static_cast<int>(yamlNumber(yaml, "first_stage_config.NOTE_norm_num_groups").value_or(32));
  c.scalingFactor = yamlNumber(yaml, ".scale_factor").value_or(0.18215);
  return c;
}

ClipTextConfig inferTextEncoder(const ShapeReader& s, const YamlValues& yaml) {
  const std::string p = std::string(kLdmTextPrefix) + "text_model.";
  ClipTextConfig c;
  c.vocabSize = static_cast<int>(s.dim(p + "embeddings.token_embedding.weight", 0));
  c.hiddenSize = static_cast<int>(s.dim(p + "embeddings.token_embedding.weight", 1));
  c.maxPositionEmbeddings = static_cast<int>(s.dim(p + "embeddings.position_embedding.weight", 0));
  c.numHiddenLayers = s.count(p + "encoder.layers.", ".mlp.fc1.weight");
  c.intermediateSize = static_cast<int>(s.dim(p + "encoder.layers.0.mlp.fc1.weight", 0));
  // CLIP text towers use 64-wide heads (ViT-L/14: 768 / 64 = 12).
  c.numAttentionHeads = static_cast<int>(
      yamlNumber(yaml, "cond_stage_config.num_attention_heads").value_or(std::max(1, c.hiddenSize / 64)));
  c.projectionDim = c.hiddenSize;
  return c;
}

}  // namespace

SingleFileConfigs inferSingleFileConfigs(const SafetensorsFile& file, const std::filesystem::path& ldmYaml) {
  const auto yaml = readLdmYaml(ldmYaml);
  const ShapeReader shapes(file);
  try {
    return {inferUnet(shapes, yaml), inferVae(shapes, yaml), inferTextEncoder(shapes, yaml)};
  } catch (const Error& e) {
    throw Error(file.path().string() + ": " + e.what());
  }
}

}  // namespace sd
