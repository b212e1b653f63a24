#include "core/pipeline/single_file_keys.h"

#include <map>
#include <sstream>
#include <vector>

namespace sd {

namespace {

std::vector<std::string> split(const std::string& key) {
  std::vector<std::string> parts;
  std::stringstream in(key);
  for (std::string part; std::getline(in, part, '.');) parts.push_back(part);
  return parts;
}

std::string join(const std::vector<std::string>& parts, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < parts.size(); ++i) out += (out.empty() ? "" : ".") + parts[i];
  return out;
}

// ResnetBlock2D names inside a UNet block (LDM's ResBlock).
std::string unetResnetTail(const std::string& tail) {
  static const std::map<std::string, std::string> kNames{
      {"norm1", "in_layers.0"},       {"conv1", "in_layers.2"},  {"time_emb_proj", "emb_layers.1"},
      {"norm2", "out_layers.0"},      {"conv2", "out_layers.3"}, {"conv_shortcut", "skip_connection"}};
  const auto dot = tail.find('.');
  const auto it = kNames.find(tail.substr(0, dot));
  return it == kNames.end() ? "" : it->second + tail.substr(dot);
}

std::string vaeResnetTail(const std::string& tail) {
  return tail.starts_with("conv_shortcut") ? "nin_shortcut" + tail.substr(13) : tail;
}

// The VAE mid-block attention: diffusers' Attention → LDM's AttnBlock.
std::string vaeAttentionTail(const std::string& tail) {
  static const std::map<std::string, std::string> kNames{
      {"group_norm", "norm"}, {"to_q", "q"}, {"to_k", "k"}, {"to_v", "v"}, {"to_out.0", "proj_out"}};
  for (const auto& [from, to] : kNames)
    if (tail.starts_with(from + ".")) return to + tail.substr(from.size());
  return "";
}

bool blockHasAttention(const std::string& type) { return type.find("CrossAttn") != std::string::npos; }

std::string unetDownBlock(const std::vector<std::string>& p, const UNetConfig& c) {
  const int block = std::stoi(p[1]);
  const int perLevel = c.layersPerBlock + 1;  // resnets + the downsampler slot
  if (p[2] == "downsamplers") return "input_blocks." + std::to_string((block + 1) * perLevel) + ".0.op." + join(p, 5);
  const int layer = std::stoi(p[3]);
  const auto index = std::to_string(1 + block * perLevel + layer);
  if (p[2] == "resnets") {
    const auto tail = unetResnetTail(join(p, 4));
    return tail.empty() ? "" : "input_blocks." + index + ".0." + tail;
  }
  return "input_blocks." + index + ".1." + join(p, 4);  // attentions
}

std::string unetUpBlock(const std::vector<std::string>& p, const UNetConfig& c) {
  const int block = std::stoi(p[1]);
  const int perLevel = c.layersPerBlock + 1;
  if (p[2] == "upsamplers") {
    const bool attention = blockHasAttention(c.upBlockTypes.at(block));
    return "output_blocks." + std::to_string(block * perLevel + perLevel - 1) + (attention ? ".2." : ".1.") + join(p, 4);
  }
  const int layer = std::stoi(p[3]);
  const auto index = std::to_string(block * perLevel + layer);
  if (p[2] == "resnets") {
    const auto tail = unetResnetTail(join(p, 4));
    return tail.empty() ? "" : "output_blocks." + index + ".0." + tail;
  }
  return "output_blocks." + index + ".1." + join(p, 4);
}

std::string unetMidBlock(const std::vector<std::string>& p) {
  if (p[1] == "attentions") return "middle_block.1." + join(p, 3);
  const auto tail = unetResnetTail(join(p, 3));
  return tail.empty() ? "" : "middle_block." + std::string(p[2] == "0" ? "0." : "2.") + tail;
}

}  // namespace

std::string ldmUnetKey(const std::string& key, const UNetConfig& config) {
  static const std::map<std::string, std::string> kTopLevel{
      {"time_embedding.linear_1", "time_embed.0"}, {"time_embedding.linear_2", "time_embed.2"},
      {"conv_in", "input_blocks.0.0"},             {"conv_norm_out", "out.0"},
      {"conv_out", "out.2"}};
  const auto p = split(key);
  if (p.size() < 2) return "";
  std::string mapped;
  if (const auto it = kTopLevel.find(join({p.begin(), p.end() - 1}, 0)); it != kTopLevel.end())
    mapped = it->second + "." + p.back();
  else if (p[0] == "down_blocks" && p.size() > 4) mapped = unetDownBlock(p, config);
  else if (p[0] == "up_blocks" && p.size() > 4) mapped = unetUpBlock(p, config);
  else if (p[0] == "mid_block" && p.size() > 3) mapped = unetMidBlock(p);
  return mapped.empty() ? "" : kLdmUnetPrefix + mapped;
}

std::string ldmVaeKey(const std::string& key, const VaeConfig& config) {
  const auto p = split(key);
  if (p.size() < 2) return "";
  const std::string part = p[0];  // encoder / decoder / quant_conv / post_quant_conv
  std::string mapped;
  if (part == "quant_conv" || part == "post_quant_conv") {
    mapped = key;
  } else if (p[1] == "conv_norm_out") {
    mapped = part + ".norm_out." + join(p, 2);
  } else if (p[1] == "conv_in" || p[1] == "conv_out") {
    mapped = key;
  } else if (p[1] == "mid_block" && p.size() > 4) {
    if (p[2] == "attentions") {
      const auto tail = vaeAttentionTail(join(p, 4));
      mapped = tail.empty() ? "" : part + ".mid.attn_1." + tail;
    } else {
      mapped = part + ".mid.block_" + std::to_string(std::stoi(p[3]) + 1) + "." + vaeResnetTail(join(p, 4));
    }
  } else if ((p[1] == "down_blocks" || p[1] == "up_blocks") && p.size() > 5) {
    const int levels = static_cast<int>(config.blockOutChannels.size());
    const int block = std::stoi(p[2]);
    // LDM numbers the decoder's levels from the lowest resolution up.
    const auto level = std::to_string(p[1] == "up_blocks" ? levels - 1 - block : block);
    const auto stage = part + (p[1] == "down_blocks" ? ".down." : ".up.") + level;
    if (p[3] == "resnets") mapped = stage + ".block." + p[4] + "." + vaeResnetTail(join(p, 5));
    else if (p[3] == "downsamplers") mapped = stage + ".downsample." + join(p, 5);
    else if (p[3] == "upsamplers") mapped = stage + ".upsample." + join(p, 5);
  }
  return mapped.empty() ? "" : kLdmVaePrefix + mapped;
}

std::string ldmTextEncoderKey(const std::string& key) { return kLdmTextPrefix + key; }

}  // namespace sd
