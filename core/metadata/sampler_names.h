#pragma once
// Maps the sampler spellings of other tools onto our scheduler ids:
// A1111 old ("DPM++ 2M Karras") and new ("DPM++ 2M" + "Schedule type:
// Karras"), stable-diffusion.cpp ("dpm++2m karras", "euler_a"), ComfyUI
// (sampler "dpmpp_2m" + scheduler "karras"; its older k-diffusion names
// "sample_dpmpp_2m"), Fooocus (ComfyUI's names), InvokeAI ("k_lms",
// "dpmpp_2m_k" = Karras), NovelAI ("k_euler_ancestral" + noise_schedule).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/metadata/image_settings.h"
#include "core/schedulers/scheduler_names.h"

namespace sd {

// `scheduleType` may be "" or "Automatic" (A1111's default), a ComfyUI
// scheduler ("normal", "karras", …) or a NovelAI noise schedule ("native").
std::optional<SchedulerInfo> resolveSampler(std::string_view sampler, std::string_view scheduleType = "");
// resolveSampler, but a schedule we do not implement (e.g. "Exponential")
// falls back to the sampler's own, saying so in `warnings`; a sampler we do
// not have is a warning too.
std::optional<SchedulerInfo> resolveSamplerOrDefault(std::string_view sampler, std::string_view scheduleType,
                                                     std::vector<std::string>& warnings);
// resolveSamplerOrDefault into `s`: samplerName as the file wrote it
// ("DPM++ 2M Karras", "dpmpp_2m karras"), schedulerKnown, recipe.schedulerId
// (ours, or the file's name when we have no such sampler).
void applySampler(ImageSettings& s, std::string_view sampler, std::string_view scheduleType);

}  // namespace sd
