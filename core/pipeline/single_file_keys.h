#pragma once
// The one place where the original CompVis/LDM single-file naming
// (model.diffusion_model.*, first_stage_model.*, cond_stage_model.transformer.*)
// maps onto diffusers' key names, as diffusers' convert_from_ckpt.py does.
#include <string>

#include "core/models/model_config.h"

namespace sd {

inline constexpr const char* kLdmUnetPrefix = "model.diffusion_model.";
inline constexpr const char* kLdmVaePrefix = "first_stage_model.";
inline constexpr const char* kLdmTextPrefix = "cond_stage_model.transformer.";

// Each takes a diffusers parameter name and returns the original key
// (prefix included), or "" when the name has no counterpart.
std::string ldmUnetKey(const std::string& diffusersKey, const UNetConfig& config);
std::string ldmVaeKey(const std::string& diffusersKey, const VaeConfig& config);
std::string ldmTextEncoderKey(const std::string& diffusersKey);

}  // namespace sd
