#pragma once
// Sampler names as users and files spell them: our ids (pndm, dpmpp_2m_karras
// …), A1111's display names ("DPM++ 2M Karras", "Euler a" …) and diffusers'
// class names (EulerAncestralDiscreteScheduler …). No torch here: the window
// lists and parses these too.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/schedulers/scheduler_kind.h"

namespace sd {

struct SchedulerInfo {
  SchedulerKind kind;
  std::string id;           // "dpmpp_2m_karras"
  std::string displayName;  // A1111's sampler name: "DPM++ 2M"
  std::string scheduleType; // A1111's "Schedule type": "Karras", "Uniform" (plain DPM++ 2M) or "Automatic"
  std::string diffusersClass;  // "DPMSolverMultistepScheduler"
  bool stochastic = false;  // draws noise every step
};

const std::vector<SchedulerInfo>& knownSchedulers();
// Accepts an id, an A1111 name (with or without the schedule, e.g.
// "DPM++ 2M Karras", old and new spellings) or a diffusers class name,
// case-insensitively. nullopt when unknown.
std::optional<SchedulerInfo> findScheduler(std::string_view name);
// The edge parser: findScheduler()'s spellings, else an sd::Error that
// quotes the name and lists the ids we know.
SchedulerKind parseScheduler(std::string_view name);
const SchedulerInfo& schedulerInfo(SchedulerKind kind);
const std::string& schedulerId(SchedulerKind kind);  // "dpmpp_2m_karras"
std::string knownSchedulerIds();                     // "pndm, ddim, …", for messages and help
// A1111 ≥ 1.9 infotexts: Sampler + "Schedule type" ("Karras", "Automatic",
// "Uniform"; empty = not given). nullopt for a schedule we do not implement.
std::optional<SchedulerInfo> findScheduler(std::string_view sampler, std::string_view scheduleType);
// The A1111 label, e.g. "DPM++ 2M Karras" / "Euler a".
std::string a1111Label(const SchedulerInfo& info);

}  // namespace sd
