#pragma once
// LoRAs applied to a loaded model's weights in place (internal to core), as
// A1111's extensions-builtin/Lora does before a generation: per patched
// layer W' = W + Σ multiplier · alpha/rank · up @ down (alpha = rank when the
// file has none; conv LoRAs as their flattened matrices, kohya's and PEFT's
// rule). The original tensor of each patched layer is kept, not copied
// back from a subtraction, so removing the LoRAs restores the base weights
// bit for bit, and no base model is ever reloaded. Re-patches only when the
// set of (file, weights) changes.
#include <filesystem>
#include <utility>
#include <vector>

#include "core/nn/aten.h"
#include "core/nn/module.h"

namespace sd {

// One <lora:…> tag resolved to its file.
struct LoraApplication {
  std::filesystem::path file;
  double textEncoderWeight = 1.0;
  double unetWeight = 1.0;
  bool operator==(const LoraApplication&) const = default;
};

class LoraPatcher {
 public:
  // Makes `unet` and `textEncoder` (a CLIPTextModel, "text_model.…" names)
  // carry exactly `loras`; an empty list restores the base weights. Throws
  // sd::Error naming the file and the layer or key for a key that names no
  // layer and a shape that does not fit it; then the base weights are in place.
  void apply(Module& unet, Module& textEncoder, const std::vector<LoraApplication>& loras);
  const std::vector<LoraApplication>& applied() const { return m_applied; }

 private:
  void restore();

  std::vector<std::pair<at::Tensor*, at::Tensor>> m_originals;  // slot, its base tensor
  std::vector<LoraApplication> m_applied;
};

}  // namespace sd
