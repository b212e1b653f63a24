// ComfyUI's "prompt" chunk: a node graph walked for sampler, prompts, size
// and model (core/metadata/comfy_prompt.h). Never throws by contract.
#include <cstdint>
#include <string_view>

#include "core/metadata/comfy_prompt.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sd::parseComfyPrompt(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
