// applyPromptLoras (declared in image_generation.h): the <lora:…> tags of a
// prompt found on disk and patched into the model, apart from the run itself.
#include "core/lora/lora_library.h"
#include "core/pipeline/image_generation.h"

namespace sd {

void applyPromptLoras(SdComponents& model, const std::string& prompt, const std::string& loraDir) {
  std::vector<LoraApplication> loras;
  const auto tags = loraTags(prompt);
  if (!tags.empty()) {
    const auto dirs = loraSearchDirs(loraDir);
    for (const auto& tag : tags)
      loras.push_back({findLoraFile(tag.name, dirs), tag.textEncoderWeight, tag.unetWeight});
  }
  if (loras == model.loras.applied()) return;
  model.unetGraphs->clear();  // they read the weights the patch is about to replace
  model.loras.apply(*model.unet, *model.textEncoder, loras);
}

}  // namespace sd
