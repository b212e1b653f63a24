#pragma once
// InvokeAI's JSON metadata: "sd-metadata" (2.x: model_weights, model_hash,
// app_version and an "image" object whose prompt uses [negative] syntax)
// and "invokeai_metadata" (3.x and later: positive_prompt, negative_prompt,
// scheduler, model {model_name|name, hash}, clip_skip).
#include <optional>
#include <string_view>

#include "core/metadata/image_settings.h"

namespace sd {

// nullopt when the JSON lacks what a recipe needs (seed or steps).
std::optional<ImageSettings> parseInvokeSdMetadata(std::string_view json);
std::optional<ImageSettings> parseInvokeMetadata(std::string_view json);

}  // namespace sd
