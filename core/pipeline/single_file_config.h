#pragma once
// Configs for a single-file checkpoint, which carries none: sizes are read
// off the tensor shapes (as A1111 and ComfyUI detect models); what shapes
// cannot tell (attention heads, norm groups) comes from an LDM yaml beside
// the file when there is one, else SD v1.x's values.
#include <filesystem>

#include "core/io/safetensors.h"
#include "core/models/model_config.h"

namespace sd {

struct SingleFileConfigs {
  UNetConfig unet;
  VaeConfig vae;
  ClipTextConfig textEncoder;
};

SingleFileConfigs inferSingleFileConfigs(const SafetensorsFile& file, const std::filesystem::path& ldmYaml);

}  // namespace sd
