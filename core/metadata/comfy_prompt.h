#pragma once
// ComfyUI's "prompt" chunk: the executed node graph (API format, node id →
// {class_type, inputs}). Where it maps onto a plain text-to-image recipe —
// a KSampler fed by CLIPTextEncode prompts, an EmptyLatentImage and a
// checkpoint loader — we read it; anything fancier keeps what maps and says
// what it left out. A graph with several samplers (hires fix, refiners) is
// read at its first pass: the sampler that starts from an empty latent.
#include <optional>
#include <string_view>

#include "core/metadata/image_settings.h"

namespace sd {

// nullopt when the text is not a ComfyUI graph with a sampler node.
std::optional<ImageSettings> parseComfyPrompt(std::string_view json);

}  // namespace sd
