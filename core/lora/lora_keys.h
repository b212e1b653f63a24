#pragma once
// The tensor names of LoRA files, in the two namings that circulate, read
// into (component, module, part). No torch.
//   kohya-ss (sd-scripts, A1111's extensions-builtin/Lora):
//     lora_unet_<module with '.' as '_'>.lora_down.weight / .lora_up.weight / .alpha
//     lora_te_<module>…  (the text encoder; lora_te1_ is accepted as SD1's)
//   diffusers / PEFT (load_lora_weights in diffusers 0.27):
//     unet.<module>.lora_A.weight / .lora_B.weight    (PEFT)
//     unet.<module>.lora.down.weight / .lora.up.weight, .lora_linear_layer.…
//     unet.<…>.attn1.processor.to_q_lora.down.weight  (attention processors)
//     text_encoder.<module>…, and UNet keys without the "unet." prefix
// A kohya module is underscores only, so it is matched against the model's
// modules spelt the same way (kohyaModuleName) rather than guessed back.
#include <optional>
#include <string>
#include <string_view>

namespace sd {

enum class LoraComponent { Unet, TextEncoder };
enum class LoraPart { Down, Up, Alpha };

struct LoraKey {
  LoraComponent component = LoraComponent::Unet;
  std::string module;  // dotted (diffusers) or underscored (kohya: kohya == true)
  LoraPart part = LoraPart::Down;
  bool kohya = false;
};

// nullopt for a name in neither naming (LyCORIS' hada_/lokr_, SDXL's
// lora_te2_, CompVis-named input_blocks …).
std::optional<LoraKey> parseLoraKey(std::string_view key);

// "down_blocks.0.attentions.0.proj_in" → "down_blocks_0_attentions_0_proj_in".
std::string kohyaModuleName(std::string_view module);

const char* componentName(LoraComponent component);  // "UNet", "text encoder"

}  // namespace sd
