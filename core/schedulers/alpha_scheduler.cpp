#include "core/schedulers/alpha_scheduler.h"

#include <ATen/ops/scalar_tensor.h>
#include <ATen/ops/select.h>

#include "core/util/error.h"

namespace sd {

AlphaScheduler::AlphaScheduler(const SchedulerConfig& config, const char* name)
    : m_config(config),
      m_name(name),
      m_predictionType(predictionType(config)),
      m_spacing(timestepSpacing(config, TimestepSpacing::Leading)) {
  m_alphasCumprod = makeAlphasCumprod(makeBetas(config));
  m_finalAlphaCumprod =
      config.setAlphaToOne ? at::scalar_tensor(1.0, at::TensorOptions().dtype(at::kFloat)) : m_alphasCumprod.select(0, 0);
}

at::Tensor AlphaScheduler::alphaProd(int64_t t, const at::Tensor& whenNegative) const {
  if (t < 0) return whenNegative;
  if (t >= m_alphasCumprod.size(0))
    throw Error(std::string(m_name) + ": timestep " + std::to_string(t) + " is past num_train_timesteps " +
                std::to_string(m_alphasCumprod.size(0)));
  return m_alphasCumprod.select(0, t);
}

int64_t AlphaScheduler::timestepValue(const at::Tensor& timestep) const {
  if (m_numInferenceSteps == 0) throw Error(std::string(m_name) + ": setTimesteps must be called before stepping");
  return timestep.item<int64_t>();
}

void AlphaScheduler::setSpacedTimesteps(int64_t numInferenceSteps) {
  checkInferenceSteps(numInferenceSteps, m_config, m_name);
  m_numInferenceSteps = numInferenceSteps;
  m_timesteps = tensorFromValues(spacedTimesteps(m_spacing, m_config, numInferenceSteps, true), at::kLong);
}

}  // namespace sd
