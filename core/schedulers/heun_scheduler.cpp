#include "core/schedulers/heun_scheduler.h"

#include <ATen/ops/cat.h>
#include <ATen/ops/clamp.h>
#include <ATen/ops/repeat_interleave.h>
#include <ATen/ops/slice.h>

namespace sd {

namespace {
constexpr double kClipSampleRange = 1.0;  // diffusers' clip_sample_range default
}  // namespace

HeunScheduler::HeunScheduler(const SchedulerConfig& config)
    : SigmaScheduler(config, "HeunDiscreteScheduler"), m_spacing(timestepSpacing(config, TimestepSpacing::Linspace)) {}

void HeunScheduler::setTimesteps(int numInferenceSteps) {
  setKarrasStyleSchedule(numInferenceSteps, m_spacing);
  const auto s = m_sigmas;
  const int64_t n = s.size(0);
  // [σ0, σ1, σ1, …, σ_{N-1}, σ_{N-1}, 0] and [t0, t1, t1, …]
  m_sigmas = at::cat({s.slice(0, 0, 1), at::repeat_interleave(s.slice(0, 1, n - 1), 2), s.slice(0, n - 1, n)});
  const auto t = m_timesteps;
  m_timesteps = at::cat({t.slice(0, 0, 1), at::repeat_interleave(t.slice(0, 1), 2)});
  m_prevDerivative = at::Tensor();
  m_dt = at::Tensor();
  m_sample = at::Tensor();
}

at::Tensor HeunScheduler::step(const at::Tensor& modelOutput, const at::Tensor& timestep, const at::Tensor& sample,
                               const NoiseSource& /*noise*/) {
  initStepIndexIfNeeded(timestep);
  const bool firstOrder = stateInFirstOrder();
  const auto sigma = firstOrder ? sigmaAt(stepIndex()) : sigmaAt(stepIndex() - 1);
  const auto sigmaNext = firstOrder ? sigmaAt(stepIndex() + 1) : sigmaAt(stepIndex());
  // Only gamma = 0 is supported, as in diffusers: sigma_hat == sigma.
  const auto sigmaHat = sigma * 1;
  const auto sigmaInput = firstOrder ? sigmaHat : sigmaNext;
  auto predOriginal = predictOriginal(modelOutput, sample, sigmaInput, sigmaInput);
  if (m_config.clipSample) predOriginal = at::clamp(predOriginal, -kClipSampleRange, kClipSampleRange);
  m_predOriginal = predOriginal;

  at::Tensor derivative, dt, x;
  if (firstOrder) {
    // 2. Convert to an ODE derivative for 1st order; keep it for the 2nd.
    derivative = (sample - predOriginal) / sigmaHat;
    dt = sigmaNext - sigmaHat;
    x = sample;
    m_prevDerivative = derivative;
    m_dt = dt;
    m_sample = sample;
  } else {
    // 2. 2nd order / Heun's method, from the stored sample.
    derivative = (m_prevDerivative + (sample - predOriginal) / sigmaNext) / 2;
    dt = m_dt;
    x = m_sample;
    m_prevDerivative = at::Tensor();
    m_dt = at::Tensor();
    m_sample = at::Tensor();
  }
  advanceStepIndex();
  return x + derivative * dt;
}

}  // namespace sd
