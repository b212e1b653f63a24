#include "core/schedulers/euler_ancestral_scheduler.h"

#include <ATen/ops/pow.h>

#include "core/util/error.h"

namespace sd {

EulerAncestralScheduler::EulerAncestralScheduler(const SchedulerConfig& config)
    : SigmaScheduler(config, "EulerAncestralDiscreteScheduler"),
      m_spacing(timestepSpacing(config, TimestepSpacing::Linspace)) {
  if (m_predictionType == PredictionType::Sample)
    throw Error("EulerAncestralDiscreteScheduler: prediction_type 'sample' is not supported");
}

void EulerAncestralScheduler::setTimesteps(int numInferenceSteps) {
  setKarrasStyleSchedule(numInferenceSteps, m_spacing);
}

at::Tensor EulerAncestralScheduler::step(const at::Tensor& modelOutput, const at::Tensor& timestep,
                                         const at::Tensor& sample, const NoiseSource& noise) {
  initStepIndexIfNeeded(timestep);
  const auto sigma = sigmaAt(stepIndex());
  // Upcast to avoid precision issues when computing prev_sample.
  const auto x = sample.to(at::kFloat);
  const auto predOriginal = predictOriginal(modelOutput, x, sigma, sigma);
  m_predOriginal = predOriginal;

  const auto sigmaFrom = sigma;
  const auto sigmaTo = sigmaAt(stepIndex() + 1);
  const auto sigmaToSq = at::pow(sigmaTo, 2);
  const auto sigmaUp = at::pow(sigmaToSq * (at::pow(sigmaFrom, 2) - sigmaToSq) / at::pow(sigmaFrom, 2), 0.5);
  const auto sigmaDown = at::pow(sigmaToSq - at::pow(sigmaUp, 2), 0.5);

  // 2. Convert to an ODE derivative
  const auto derivative = (x - predOriginal) / sigma;
  const auto dt = sigmaDown - sigma;
  auto prevSample = x + derivative * dt;
  const auto stepNoise = noise.randn(modelOutput.sizes(), modelOutput.options());
  prevSample = prevSample + stepNoise * sigmaUp;
  advanceStepIndex();
  return prevSample.to(modelOutput.scalar_type());
}

}  // namespace sd
