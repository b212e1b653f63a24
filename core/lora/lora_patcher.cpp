#include "core/lora/lora_patcher.h"

#include <map>
#include <sstream>
#include <string>

#include <ATen/ops/mm.h>

#include "core/lora/lora_file.h"
#include "core/util/error.h"

namespace sd {

namespace {

std::string shapeText(const at::Tensor& t) {
  std::ostringstream out;
  out << t.sizes();
  return out.str();
}

// The weight slots of one model's linear and conv layers, by module name
// and by that name in kohya's spelling.
struct LayerIndex {
  std::map<std::string, at::Tensor*> byName;
  std::map<std::string, std::string> byKohyaName;

  explicit LayerIndex(Module& model) {
    model.forEachParameter([this](const Module::ParamRef& p) {
      constexpr std::string_view kSuffix = ".weight";
      if (!p.name.ends_with(kSuffix) || (p.tensor.dim() != 2 && p.tensor.dim() != 4)) return;
      const auto module = p.name.substr(0, p.name.size() - kSuffix.size());
      byName[module] = &p.tensor;
      byKohyaName[kohyaModuleName(module)] = module;
    });
  }

  // The module a layer patches, or "" when there is none.
  std::string find(const LoraLayer& layer) const {
    if (!layer.kohya) return byName.count(layer.module) ? layer.module : std::string();
    const auto it = byKohyaName.find(layer.module);
    return it == byKohyaName.end() ? std::string() : it->second;
  }
};

// ΔW = alpha/rank · up @ down in the layer's shape. [r, in, k, k] downs
// and [out, r, 1, 1] ups multiply as their [r, in·k·k] and [out, r] matrices.
at::Tensor layerDelta(const LoraLayer& l, const at::Tensor& weight, const std::string& where) {
  const auto rank = l.down.dim() >= 2 ? l.down.size(0) : 0;
  const auto out = weight.size(0);
  const auto in = weight.numel() / std::max<int64_t>(out, 1);
  const bool upIsMatrix = l.up.dim() == 2 || (l.up.dim() == 4 && l.up.size(2) == 1 && l.up.size(3) == 1);
  // Shapes, not only element counts: a linear layer's down is [r, in]; a
  // conv's is [r, in, k, k] with the conv's kernel, or its [r, in·k·k] matrix.
  const bool downIsMatrix = l.down.dim() == 2 && l.down.size(1) == in;
  const bool downIsKernel = l.down.dim() == 4 && weight.dim() == 4 && l.down.size(1) == weight.size(1) &&
                            l.down.size(2) == weight.size(2) && l.down.size(3) == weight.size(3);
  if (rank == 0 || !upIsMatrix || l.up.size(0) != out || l.up.size(1) != rank || !(downIsMatrix || downIsKernel))
    throw Error(where + " is " + shapeText(weight) + " but its LoRA up × down is " + shapeText(l.up) + " × " +
                shapeText(l.down));
  const double scale = l.alpha ? *l.alpha / static_cast<double>(rank) : 1.0;
  return (at::mm(l.up.reshape({out, rank}), l.down.reshape({rank, in})) * scale).reshape(weight.sizes());
}

}  // namespace

void LoraPatcher::apply(Module& unet, Module& textEncoder, const std::vector<LoraApplication>& loras) {
  if (loras == m_applied) return;
  c10::InferenceMode guard;
  restore();
  if (loras.empty()) return;
  const LayerIndex unetIndex(unet), textIndex(textEncoder);
  // Every ΔW first, summed per layer in float32: a bad file leaves the base
  // weights untouched.
  std::map<at::Tensor*, at::Tensor> deltas;
  for (const auto& lora : loras) {
    for (const auto& layer : readLoraFile(lora.file)) {
      const bool isUnet = layer.component == LoraComponent::Unet;
      const auto module = (isUnet ? unetIndex : textIndex).find(layer);
      const std::string file = "LoRA file " + lora.file.string();
      if (module.empty())
        throw Error(file + ": key '" + layer.key + "' names no layer of the " + componentName(layer.component) +
                    " (module '" + layer.module + "')");
      at::Tensor* slot = (isUnet ? unetIndex : textIndex).byName.at(module);
      const auto where = file + ": " + componentName(layer.component) + " layer " + module;
      const auto delta = layerDelta(layer, *slot, where) * (isUnet ? lora.unetWeight : lora.textEncoderWeight);
      auto& sum = deltas[slot];
      sum = sum.defined() ? sum + delta : delta;
      // Bounded values can still overflow when multiplied and weighted.
      if (!sum.isfinite().all().item<bool>())
        throw Error(where + ": the LoRA's change to this layer is not finite (at weight " +
                    std::to_string(isUnet ? lora.unetWeight : lora.textEncoderWeight) + "); nothing was applied");
    }
  }
  for (auto& [slot, delta] : deltas) {
    const auto base = *slot;
    m_originals.emplace_back(slot, base);
    *slot = (base.to(at::kCPU, at::kFloat) + delta).to(base.device(), base.scalar_type()).contiguous();
  }
  m_applied = loras;
}

void LoraPatcher::restore() {
  for (auto& [slot, base] : m_originals) *slot = base;
  m_originals.clear();
  m_applied.clear();
}

}  // namespace sd
