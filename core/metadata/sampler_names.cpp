#include "core/metadata/sampler_names.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

namespace sd {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// sd.cpp's sample_method_str and ComfyUI's KSampler names → A1111 labels.
std::string a1111NameOf(const std::string& name) {
  static const std::vector<std::pair<std::string, std::string>> kAliases = {
      {"euler_a", "Euler a"},          {"euler_ancestral", "Euler a"}, {"euler", "Euler"},
      {"heun", "Heun"},                {"dpm2", "DPM2"},               {"dpm_2", "DPM2"},
      {"dpm_2_ancestral", "DPM2 a"},   {"dpm++2s_a", "DPM++ 2S a"},   {"dpmpp_2s_ancestral", "DPM++ 2S a"},
      {"dpm++2m", "DPM++ 2M"},         {"dpm++2mv2", "DPM++ 2M"},      {"dpmpp_2m", "DPM++ 2M"},
      {"dpmpp_sde", "DPM++ SDE"},      {"dpmpp_2m_sde", "DPM++ 2M SDE"}, {"lms", "LMS"},
      {"ddim", "DDIM"},                {"ddim_trailing", "DDIM"},      {"uni_pc", "UniPC"},
      {"unipc", "UniPC"},              {"lcm", "LCM"},                 {"plms", "PLMS"},
      {"pndm", "PLMS"}};
  for (const auto& [alias, label] : kAliases)
    if (name == alias) return label;
  return "";
}

}  // namespace

std::optional<SchedulerInfo> resolveSampler(std::string_view samplerIn, std::string_view scheduleType) {
  // As A1111 writes it (old combined names, new split ones, our ids).
  if (auto found = findScheduler(samplerIn, scheduleType)) return found;
  // sd.cpp writes "dpm++2m karras"; ComfyUI-derived tools "dpmpp_2m/karras".
  std::string sampler(samplerIn);
  std::string schedule(scheduleType);
  for (const std::string tail : {" karras", "/karras"}) {
    if (sampler.size() > tail.size() && lower(sampler).ends_with(tail)) {
      if (schedule.empty()) schedule = "Karras";
      sampler.resize(sampler.size() - tail.size());
    }
  }
  if (lower(schedule) == "normal") schedule.clear();  // ComfyUI's default: the sampler's own
  const std::string alias = a1111NameOf(lower(sampler));
  if (alias.empty()) return std::nullopt;
  return findScheduler(alias, schedule);
}

std::optional<SchedulerInfo> resolveSamplerOrDefault(std::string_view sampler, std::string_view scheduleType,
                                                     std::vector<std::string>& warnings) {
  if (auto found = resolveSampler(sampler, scheduleType)) return found;
  if (!scheduleType.empty())
    if (auto found = resolveSampler(sampler)) {
      warnings.push_back("schedule type '" + std::string(scheduleType) + "' is not available; using " + found->id);
      return found;
    }
  warnings.push_back("unknown sampler '" + std::string(sampler) + "'");
  return std::nullopt;
}

}  // namespace sd
