#include "core/lora/lora_file.h"

#include <cmath>
#include <map>

#include "core/io/safetensors.h"
#include "core/nn/tensor_io.h"
#include "core/util/error.h"

namespace sd {

std::vector<LoraLayer> readLoraFile(const std::filesystem::path& path) {
  const auto file = SafetensorsFile::open(path);
  const std::string where = "LoRA file " + path.string();
  std::map<std::pair<LoraComponent, std::string>, LoraLayer> layers;  // sorted: a stable order
  for (const auto& info : file.tensors()) {
    const auto key = parseLoraKey(info.name);
    if (!key)
      throw Error(where + ": tensor '" + info.name +
                  "' is in no LoRA naming SD Studio reads (kohya lora_unet_/lora_te_ or diffusers unet./text_encoder.)");
    auto& layer = layers[{key->component, key->module}];
    layer.component = key->component;
    layer.module = key->module;
    layer.kohya = key->kohya;
    const auto tensor = tensorView(file, info).to(at::kFloat);
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
        if (!std::isfinite(*layer.alpha)) throw Error(where + ": alpha '" + info.name + "' is not finite");
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
