#pragma once
// diffusers' scheduler_config.json. Defaults are SD v1.4's. Keys absent from
// the file stay unset (std::nullopt) where diffusers lets each scheduler class
// apply its own default (timestep_spacing: "leading" for PNDM/DDIM/DDPM,
// "linspace" for the others) instead of carrying the value over.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sd {

struct SchedulerConfig {
  int numTrainTimesteps = 1000;
  double betaStart = 0.00085;
  double betaEnd = 0.012;
  std::string betaSchedule = "scaled_linear";
  std::vector<double> trainedBetas;  // empty unless the config has them
  bool setAlphaToOne = false;
  bool skipPrkSteps = true;
  int stepsOffset = 1;
  bool clipSample = false;
  std::string predictionType = "epsilon";
  std::optional<std::string> timestepSpacing;
  // DPMSolverMultistep's use_karras_sigmas; makeScheduler sets it from the id.
  bool useKarrasSigmas = false;
};

SchedulerConfig readSchedulerConfig(const std::filesystem::path& configJson);

}  // namespace sd
