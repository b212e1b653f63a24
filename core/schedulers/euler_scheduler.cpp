#include "core/schedulers/euler_scheduler.h"

namespace sd {

EulerScheduler::EulerScheduler(const SchedulerConfig& config)
    : SigmaScheduler(config, "EulerDiscreteScheduler"),
      m_spacing(timestepSpacing(config, TimestepSpacing::Linspace)) {}

void EulerScheduler::setTimesteps(int numInferenceSteps) { setKarrasStyleSchedule(numInferenceSteps, m_spacing); }

at::Tensor EulerScheduler::step(const at::Tensor& modelOutput, const at::Tensor& timestep, const at::Tensor& sample,
                                const NoiseSource& noise) {
  initStepIndexIfNeeded(timestep);
  // Upcast to avoid precision issues when computing prev_sample.
  const auto x = sample.to(at::kFloat);
  const auto sigma = sigmaAt(stepIndex());
  // s_churn = 0 makes gamma 0, but diffusers still draws the noise.
  if (!noise.empty()) (void)noise.randn(modelOutput.sizes(), modelOutput.options());
  const auto sigmaHat = sigma * 1.0;
  const auto predOriginal = predictOriginal(modelOutput, x, sigmaHat, sigma);
  m_predOriginal = predOriginal;
  // 2. Convert to an ODE derivative
  const auto derivative = (x - predOriginal) / sigmaHat;
  const auto dt = sigmaAt(stepIndex() + 1) - sigmaHat;
  const auto prevSample = x + derivative * dt;
  advanceStepIndex();
  return prevSample.to(modelOutput.scalar_type());
}

}  // namespace sd
