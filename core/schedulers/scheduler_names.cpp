// Sampler names (no torch: the window uses this too). A1111's names follow
// its sd_samplers_kdiffusion/sd_samplers_timesteps lists; since A1111 1.9 an
// infotext splits "DPM++ 2M Karras" into Sampler "DPM++ 2M" + Schedule type
// "Karras", whose "Automatic" means Karras for DPM++ 2M.
#include "core/schedulers/scheduler_names.h"

#include <algorithm>
#include <cctype>

#include "core/util/error.h"

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

std::optional<SchedulerInfo> byKind(SchedulerKind kind) { return schedulerInfo(kind); }

}  // namespace

const std::vector<SchedulerInfo>& knownSchedulers() {
  static const std::vector<SchedulerInfo> kSchedulers{
      {SchedulerKind::Pndm, "pndm", "PNDM", "Automatic", "PNDMScheduler", false},
      {SchedulerKind::Ddim, "ddim", "DDIM", "Automatic", "DDIMScheduler", false},
      {SchedulerKind::Lms, "lms", "LMS", "Automatic", "LMSDiscreteScheduler", false},
      {SchedulerKind::Euler, "euler", "Euler", "Automatic", "EulerDiscreteScheduler", false},
      {SchedulerKind::EulerAncestral, "euler_ancestral", "Euler a", "Automatic", "EulerAncestralDiscreteScheduler", true},
      {SchedulerKind::Heun, "heun", "Heun", "Automatic", "HeunDiscreteScheduler", false},
      // "Uniform", not "Automatic": A1111 ≥ 1.9 reads Automatic as Karras here.
      {SchedulerKind::DpmPP2M, "dpmpp_2m", "DPM++ 2M", "Uniform", "DPMSolverMultistepScheduler", false},
      {SchedulerKind::DpmPP2MKarras, "dpmpp_2m_karras", "DPM++ 2M", "Karras", "DPMSolverMultistepScheduler", false},
      {SchedulerKind::UniPc, "unipc", "UniPC", "Automatic", "UniPCMultistepScheduler", false},
      {SchedulerKind::Ddpm, "ddpm", "DDPM", "Automatic", "DDPMScheduler", true},
  };
  return kSchedulers;
}

const SchedulerInfo& schedulerInfo(SchedulerKind kind) {
  for (const auto& info : knownSchedulers())
    if (info.kind == kind) return info;
  throw Error("no scheduler of kind " + std::to_string(static_cast<int>(kind)));  // a table row left out
}

const std::string& schedulerId(SchedulerKind kind) { return schedulerInfo(kind).id; }

std::string knownSchedulerIds() {
  std::string ids;
  for (const auto& info : knownSchedulers()) ids += (ids.empty() ? "" : ", ") + info.id;
  return ids;
}

SchedulerKind parseScheduler(std::string_view name) {
  if (const auto info = findScheduler(name)) return info->kind;
  throw Error("unknown scheduler '" + std::string(name) + "' (known: " + knownSchedulerIds() +
              ", or an A1111 name such as \"Euler a\")");
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
  if (key == "plms") return byKind(SchedulerKind::Pndm);
  return std::nullopt;
}

std::optional<SchedulerInfo> findScheduler(std::string_view sampler, std::string_view scheduleType) {
  const auto schedule = normalized(scheduleType);
  auto info = findScheduler(sampler);
  if (!info || schedule.empty()) return info;
  if (info->kind == SchedulerKind::DpmPP2M || info->kind == SchedulerKind::DpmPP2MKarras) {
    if (schedule == "karras" || schedule == "automatic") return byKind(SchedulerKind::DpmPP2MKarras);
    if (schedule == "uniform") return byKind(SchedulerKind::DpmPP2M);
    return std::nullopt;  // another A1111 schedule we do not implement
  }
  if (schedule == "automatic" || schedule == normalized(info->scheduleType)) return info;
  return std::nullopt;
}

}  // namespace sd
