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

bool cut(std::string& s, std::string_view affix, bool prefix) {
  if (s.size() <= affix.size()) return false;
  if (prefix ? !s.starts_with(affix) : !s.ends_with(affix)) return false;
  s = prefix ? s.substr(affix.size()) : s.substr(0, s.size() - affix.size());
  return true;
}

// Tool spellings (after the prefixes and suffixes below come off) → the
// A1111 label scheduler_names knows. Only samplers we implement are here;
// the rest (DPM2, DPM++ SDE, LCM, …) are reported as not available.
std::string a1111NameOf(const std::string& name) {
  static const std::vector<std::pair<std::string, std::string>> kAliases = {
      {"euler_a", "Euler a"},    {"euler_ancestral", "Euler a"}, {"euler", "Euler"},       {"heun", "Heun"},
      {"lms", "LMS"},            {"ddim", "DDIM"},               {"ddim_trailing", "DDIM"}, {"ddim_v3", "DDIM"},
      {"plms", "PLMS"},          {"pndm", "PLMS"},               {"ddpm", "DDPM"},
      {"dpm++2m", "DPM++ 2M"},   {"dpm++2mv2", "DPM++ 2M"},      {"dpmpp_2m", "DPM++ 2M"},
      {"dpmpp_2", "DPM++ 2M"},   // InvokeAI 2.x "k_dpmpp_2": DPMSolverMultistepScheduler
      {"uni_pc", "UniPC"},       {"uni_pc_bh2", "UniPC"},        {"unipc", "UniPC"}};
  for (const auto& [alias, label] : kAliases)
    if (name == alias) return label;
  return "";
}

struct Spelling {
  std::string label;     // an A1111 label, or "" when we have no such sampler
  std::string schedule;  // "" = the sampler's own
};

// "sample_dpmpp_2m" (ComfyUI ≤ 2023, k-diffusion's function names),
// "k_lms" (NovelAI, InvokeAI 2.x), "dpmpp_2m_k" (InvokeAI: Karras sigmas),
// "dpm++2m karras" (sd.cpp), "dpmpp_2m/karras" → label + schedule.
Spelling spell(std::string_view samplerIn, std::string_view scheduleIn) {
  std::string sampler = lower(samplerIn);
  std::string schedule = lower(scheduleIn);
  for (const char* tail : {" karras", "/karras", "_karras", "_k"})
    if (cut(sampler, tail, false) && schedule.empty()) schedule = "karras";
  if (!cut(sampler, "sample_", true)) cut(sampler, "k_", true);
  // ComfyUI's "normal" and NovelAI's "native" are each sampler's own schedule.
  if (schedule == "normal" || schedule == "native") schedule.clear();
  std::string label = a1111NameOf(sampler);
  if (label.empty() && findScheduler(sampler)) label = sampler;  // an A1111 label with a tool's schedule
  return {label, schedule};
}

}  // namespace

std::optional<SchedulerInfo> resolveSampler(std::string_view sampler, std::string_view scheduleType) {
  // As A1111 writes it (old combined names, new split ones, our ids).
  if (auto found = findScheduler(sampler, scheduleType)) return found;
  const auto spelling = spell(sampler, scheduleType);
  if (spelling.label.empty()) return std::nullopt;
  return findScheduler(spelling.label, spelling.schedule);
}

std::optional<SchedulerInfo> resolveSamplerOrDefault(std::string_view sampler, std::string_view scheduleType,
                                                     std::vector<std::string>& warnings) {
  if (auto found = resolveSampler(sampler, scheduleType)) return found;
  const auto spelling = spell(sampler, scheduleType);
  auto plain = findScheduler(sampler);
  if (!plain && !spelling.label.empty()) plain = findScheduler(spelling.label);
  if (plain) {
    warnings.push_back("schedule type '" + std::string(scheduleType.empty() ? spelling.schedule : scheduleType) +
                       "' is not available; using " + plain->id);
    return plain;
  }
  warnings.push_back("sampler '" + std::string(sampler) + "' is not available in SD Studio");
  return std::nullopt;
}

void applySampler(ImageSettings& s, std::string_view sampler, std::string_view scheduleType) {
  const bool plain = scheduleType.empty() || scheduleType == "Automatic";
  s.samplerName = plain ? std::string(sampler) : std::string(sampler) + " " + std::string(scheduleType);
  const auto found = resolveSamplerOrDefault(sampler, scheduleType, s.warnings);
  s.schedulerKnown = found.has_value();
  s.recipe.schedulerId = found ? found->id : s.samplerName;
}

}  // namespace sd
