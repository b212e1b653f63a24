#pragma once
// Maps the sampler spellings of other tools onto our scheduler ids:
// A1111 old ("DPM++ 2M Karras") and new ("DPM++ 2M" + "Schedule type:
// Karras"), stable-diffusion.cpp ("dpm++2m karras", "euler_a") and ComfyUI
// (sampler "dpmpp_2m" + scheduler "karras").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/schedulers/scheduler_names.h"

namespace sd {

// `scheduleType` may be "" or "Automatic" (A1111's default).
std::optional<SchedulerInfo> resolveSampler(std::string_view sampler, std::string_view scheduleType = "");
// resolveSampler, but a schedule we do not implement (e.g. "Exponential")
// falls back to the sampler's own, saying so in `warnings`; an unknown
// sampler is a warning too.
std::optional<SchedulerInfo> resolveSamplerOrDefault(std::string_view sampler, std::string_view scheduleType,
                                                     std::vector<std::string>& warnings);

}  // namespace sd
