#include "core/lora/lora_file.h"

#include <cmath>
#include <map>

#include "core/io/safetensors.h"
#include "core/nn/tensor_io.h"
#include "core/util/error.h"

namespace sd {

namespace {

// The largest magnitude a LoRA value or alpha may have: fp16's maximum,
// since LoRAs are trained and shipped in fp16/bf16/fp32 with values near 1.
// A 3e38 (or an alpha of 3e38) is no LoRA: it overflows the weights to inf,
// and the image comes out black with the LoRA recorded as applied.
constexpr double kMaxLoraValue = 65504.0;

bool isFloatType(DType t) { return t == DType::F16 || t == DType::BF16 || t == DType::F32 || t == DType::F64; }

void requireFiniteAndBounded(const at::Tensor& t, const std::string& where, const std::string& name) {
  if (!t.isfinite().all().item<bool>())
    throw Error(where + ": tensor '" + name + "' holds NaN or infinite values");
  const double largest = t.numel() ? t.abs().max().item<double>() : 0.0;
  if (largest > kMaxLoraValue)
    throw Error(where + ": tensor '" + name + "' holds " + std::to_string(largest) + ", beyond the ±" +
                std::to_string(static_cast<int>(kMaxLoraValue)) + " a LoRA value may have");
}

}  // namespace

std::vector<LoraLayer> readLoraFile(const std::filesystem::path& path) {
  const auto file = SafetensorsFile::open(path);
  const std::string where = "LoRA file " + path.string();
  std::map<std::pair<LoraComponent, std::string>, LoraLayer> layers;  // sorted: a stable order
  for (const auto& info : file.tensors()) {
    const auto key = parseLoraKey(info.name);
    if (!key)
      throw Error(where + ": tensor '" + info.name +
                  "' is in no LoRA naming SD Studio reads (kohya lora_unet_/lora_te_ or diffusers unet./text_encoder.)");
    if (!isFloatType(info.dtype))
      throw Error(where + ": tensor '" + info.name + "' is " + std::string(dtypeName(info.dtype)) +
                  "; LoRA weights are floating point (F16, BF16, F32)");
    auto& layer = layers[{key->component, key->module}];
    layer.component = key->component;
    layer.module = key->module;
    layer.kohya = key->kohya;
    const auto tensor = tensorView(file, info).to(at::kFloat);
    requireFiniteAndBounded(tensor, where, info.name);
    switch (key->part) {
      case LoraPart::Down:
        layer.down = tensor;
        layer.key = info.name;
        break;
      case LoraPart::Up:
        layer.up = tensor;
        if (layer.key.empty()) layer.key = info.name;
        break;
      case LoraPart::Alpha:
        if (tensor.numel() != 1) throw Error(where + ": alpha '" + info.name + "' is not a single number");
        layer.alpha = tensor.item<double>();
        if (layer.key.empty()) layer.key = info.name;
        break;
    }
  }
  std::vector<LoraLayer> out;
  for (auto& [id, layer] : layers) {
    if (!layer.down.defined() || !layer.up.defined())
      throw Error(where + ": layer '" + layer.key + "' has no " + (layer.down.defined() ? "up" : "down") + " weight");
    out.push_back(std::move(layer));
  }
  if (out.empty()) throw Error(where + " holds no LoRA layer");
  return out;
}

}  // namespace sd
