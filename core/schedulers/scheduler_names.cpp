// Sampler names (no torch: the window uses this too). A1111's names follow
// its sd_samplers_kdiffusion/sd_samplers_timesteps lists; since A1111 1.9 an
// infotext splits "DPM++ 2M Karras" into Sampler "DPM++ 2M" + Schedule type
// "Karras", whose "Automatic" means Karras for DPM++ 2M.
#include "core/schedulers/scheduler_names.h"

#include <algorithm>
#include <cctype>

namespace sd {

namespace {

// Lower case, trimmed, inner whitespace collapsed to one space.
std::string normalized(std::string_view name) {
  std::string out;
  bool space = false;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

std::optional<SchedulerInfo> byId(std::string_view id) {
  for (const auto& info : knownSchedulers())
    if (info.id == id) return info;
  return std::nullopt;
}

}  // namespace

const std::vector<SchedulerInfo>& knownSchedulers() {
  static const std::vector<SchedulerInfo> kSchedulers{
      {"pndm", "PNDM", "Automatic", "PNDMScheduler", false},
      {"ddim", "DDIM", "Automatic", "DDIMScheduler", false},
      {"lms", "LMS", "Automatic", "LMSDiscreteScheduler", false},
      {"euler", "Euler", "Automatic", "EulerDiscreteScheduler", false},
      {"euler_ancestral", "Euler a", "Automatic", "EulerAncestralDiscreteScheduler", true},
      {"heun", "Heun", "Automatic", "HeunDiscreteScheduler", false},
      // "Uniform", not "Automatic": A1111 ≥ 1.9 reads Automatic as Karras here.
      {"dpmpp_2m", "DPM++ 2M", "Uniform", "DPMSolverMultistepScheduler", false},
      {"dpmpp_2m_karras", "DPM++ 2M", "Karras", "DPMSolverMultistepScheduler", false},
      {"unipc", "UniPC", "Automatic", "UniPCMultistepScheduler", false},
      {"ddpm", "DDPM", "Automatic", "DDPMScheduler", true},
  };
  return kSchedulers;
}

std::string a1111Label(const SchedulerInfo& info) {
  return info.scheduleType == "Karras" ? info.displayName + " Karras" : info.displayName;
}

std::optional<SchedulerInfo> findScheduler(std::string_view name) {
  const auto key = normalized(name);
  if (key.empty()) return std::nullopt;
  for (const auto& info : knownSchedulers())
    if (key == info.id) return info;
  // A1111 labels first ("DPM++ 2M" alone is the plain one in old infotexts),
  // then diffusers class names, which pick the plain variant.
  for (const auto& info : knownSchedulers())
    if (key == normalized(a1111Label(info))) return info;
  for (const auto& info : knownSchedulers())
    if (key == normalized(info.diffusersClass)) return info;
  // A1111 calls the same algorithm (PNDM with skip_prk_steps) "PLMS".
  if (key == "plms") return byId("pndm");
  return std::nullopt;
}

std::optional<SchedulerInfo> findScheduler(std::string_view sampler, std::string_view scheduleType) {
  const auto schedule = normalized(scheduleType);
  auto info = findScheduler(sampler);
  if (!info || schedule.empty()) return info;
  if (info->id == "dpmpp_2m" || info->id == "dpmpp_2m_karras") {
    if (schedule == "karras" || schedule == "automatic") return byId("dpmpp_2m_karras");
    if (schedule == "uniform") return byId("dpmpp_2m");
    return std::nullopt;  // another A1111 schedule we do not implement
  }
  if (schedule == "automatic" || schedule == normalized(info->scheduleType)) return info;
  return std::nullopt;
}

}  // namespace sd
