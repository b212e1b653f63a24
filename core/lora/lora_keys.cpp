#include "core/lora/lora_keys.h"

#include <algorithm>
#include <array>
#include <utility>

namespace sd {

namespace {

bool cut(std::string_view& s, std::string_view suffix) {
  if (!s.ends_with(suffix)) return false;
  s.remove_suffix(suffix.size());
  return true;
}

// Every ".processor." becomes "." (built anew: GCC 12 warns falsely,
// -Wrestrict, on std::string::replace with a string_view).
std::string withoutProcessor(const std::string& s) {
  constexpr std::string_view kProcessor = ".processor.";
  std::string out;
  std::size_t from = 0;
  for (auto pos = s.find(kProcessor); pos != std::string::npos; pos = s.find(kProcessor, from)) {
    out.append(s, from, pos - from).push_back('.');
    from = pos + kProcessor.size();
  }
  return out.append(s, from, std::string::npos);
}

// The module part of an attention-processor key ("attn1.processor.to_q_lora")
// back to the layer ("attn1.to_q"), as diffusers' convert_state_dict does.
std::string normaliseDiffusersModule(std::string module, LoraComponent component) {
  module = withoutProcessor(module);
  const bool unet = component == LoraComponent::Unet;
  const std::array<std::pair<std::string_view, std::string_view>, 4> layers{{
      {"to_q_lora", unet ? "to_q" : "q_proj"},
      {"to_k_lora", unet ? "to_k" : "k_proj"},
      {"to_v_lora", unet ? "to_v" : "v_proj"},
      {"to_out_lora", unet ? "to_out.0" : "out_proj"},
  }};
  for (const auto& [from, to] : layers)
    if (module.ends_with(from)) module = module.substr(0, module.size() - from.size()) + std::string(to);
  return module;
}

}  // namespace

std::optional<LoraKey> parseLoraKey(std::string_view key) {
  LoraKey out;
  std::string_view rest = key;
  // kohya-ss: <prefix><module>.<part>
  for (const auto& [prefix, component] :
       {std::pair{std::string_view("lora_unet_"), LoraComponent::Unet},
        std::pair{std::string_view("lora_te_"), LoraComponent::TextEncoder},
        std::pair{std::string_view("lora_te1_"), LoraComponent::TextEncoder}}) {
    if (!rest.starts_with(prefix)) continue;
    rest.remove_prefix(prefix.size());
    if (cut(rest, ".lora_down.weight")) out.part = LoraPart::Down;
    else if (cut(rest, ".lora_up.weight")) out.part = LoraPart::Up;
    else if (cut(rest, ".alpha")) out.part = LoraPart::Alpha;
    else return std::nullopt;
    if (rest.empty() || rest.find('.') != std::string_view::npos) return std::nullopt;
    out.component = component;
    out.module = std::string(rest);
    out.kohya = true;
    return out;
  }
  // diffusers / PEFT
  if (rest.starts_with("unet.")) {
    rest.remove_prefix(5);
  } else if (rest.starts_with("text_encoder.")) {
    rest.remove_prefix(13);
    out.component = LoraComponent::TextEncoder;
  } else if (!(rest.starts_with("down_blocks.") || rest.starts_with("mid_block.") || rest.starts_with("up_blocks."))) {
    return std::nullopt;
  }
  if (cut(rest, ".lora_A.weight") || cut(rest, ".lora.down.weight") || cut(rest, ".lora_linear_layer.down.weight") ||
      cut(rest, ".down.weight"))
    out.part = LoraPart::Down;
  else if (cut(rest, ".lora_B.weight") || cut(rest, ".lora.up.weight") || cut(rest, ".lora_linear_layer.up.weight") ||
           cut(rest, ".up.weight"))
    out.part = LoraPart::Up;
  else if (cut(rest, ".alpha"))
    out.part = LoraPart::Alpha;
  else
    return std::nullopt;
  if (rest.empty()) return std::nullopt;
  out.module = normaliseDiffusersModule(std::string(rest), out.component);
  return out;
}

std::string kohyaModuleName(std::string_view module) {
  std::string out(module);
  std::replace(out.begin(), out.end(), '.', '_');
  return out;
}

const char* componentName(LoraComponent component) {
  return component == LoraComponent::Unet ? "UNet" : "text encoder";
}

}  // namespace sd
