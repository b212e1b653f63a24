#include "core/schedulers/scheduler_config.h"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

#include "core/util/error.h"
#include "core/util/json_file.h"

namespace sd {

namespace {

template <typename T>
void read(const nlohmann::json& json, const char* key, T& field, const std::filesystem::path& origin) {
  field = jsonValue<T>(json, key, field, origin);
}

template <std::size_t N>
void requireOneOf(const std::string& value, const std::array<const char*, N>& allowed, const char* key,
                  const std::filesystem::path& origin) {
  std::string list;
  for (const char* a : allowed) {
    if (value == a) return;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  throw Error(origin.string() + ": \"" + key + "\" '" + value + "' is not supported (" + list + ")");
}

}  // namespace

SchedulerConfig readSchedulerConfig(const std::filesystem::path& configJson) {
  const auto j = readJsonFile(configJson);
  if (!j.is_object()) throw Error(configJson.string() + ": a scheduler config must be a JSON object");
  SchedulerConfig c;
  read(j, "num_train_timesteps", c.numTrainTimesteps, configJson);
  read(j, "beta_start", c.betaStart, configJson);
  read(j, "beta_end", c.betaEnd, configJson);
  read(j, "beta_schedule", c.betaSchedule, configJson);
  read(j, "trained_betas", c.trainedBetas, configJson);
  read(j, "set_alpha_to_one", c.setAlphaToOne, configJson);
  read(j, "skip_prk_steps", c.skipPrkSteps, configJson);
  read(j, "steps_offset", c.stepsOffset, configJson);
  read(j, "clip_sample", c.clipSample, configJson);
  read(j, "prediction_type", c.predictionType, configJson);
  read(j, "use_karras_sigmas", c.useKarrasSigmas, configJson);
  std::string spacing;
  read(j, "timestep_spacing", spacing, configJson);
  if (!spacing.empty()) c.timestepSpacing = spacing;

  if (c.numTrainTimesteps < 2)
    throw Error(configJson.string() + ": \"num_train_timesteps\" must be at least 2, got " +
                std::to_string(c.numTrainTimesteps));
  if (c.stepsOffset < 0)
    throw Error(configJson.string() + ": \"steps_offset\" must be >= 0, got " + std::to_string(c.stepsOffset));
  if (c.trainedBetas.empty())
    requireOneOf(c.betaSchedule, std::array{"linear", "scaled_linear", "squaredcos_cap_v2"}, "beta_schedule",
                 configJson);
  else if (static_cast<int>(c.trainedBetas.size()) != c.numTrainTimesteps)
    throw Error(configJson.string() + ": \"trained_betas\" has " + std::to_string(c.trainedBetas.size()) +
                " values but num_train_timesteps is " + std::to_string(c.numTrainTimesteps));
  requireOneOf(c.predictionType, std::array{"epsilon", "v_prediction", "sample"}, "prediction_type", configJson);
  if (c.timestepSpacing)
    requireOneOf(*c.timestepSpacing, std::array{"leading", "linspace", "trailing"}, "timestep_spacing", configJson);
  return c;
}

}  // namespace sd
