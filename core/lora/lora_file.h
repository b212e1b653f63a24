#pragma once
// A LoRA .safetensors file read into its layers (internal to core): per
// layer the down and up matrices and the optional alpha, in either naming
// (core/lora/lora_keys.h). Pickle LoRAs (.pt, .ckpt) are never read.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/lora/lora_keys.h"
#include "core/nn/aten.h"

namespace sd {

struct LoraLayer {
  LoraComponent component = LoraComponent::Unet;
  std::string module;  // as lora_keys.h reads it (kohya: underscored)
  bool kohya = false;
  std::string key;     // the down tensor's name, for messages
  at::Tensor down;     // [r, in] or [r, in, k, k], float32 on the CPU
  at::Tensor up;       // [out, r] or [out, r, 1, 1]
  std::optional<double> alpha;
};

// Throws sd::Error naming the file and the key for a tensor in no known
// naming (A1111 and diffusers would skip or refuse it; silently ignoring
// part of a LoRA renders something else than its author meant), and for a
// layer without its down or up half.
std::vector<LoraLayer> readLoraFile(const std::filesystem::path& path);

}  // namespace sd
