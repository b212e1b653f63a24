#include "core/schedulers/ddim_scheduler.h"

#include <ATen/ops/clamp.h>
#include <ATen/ops/pow.h>
#include <ATen/ops/rsub.h>

namespace sd {

namespace {
constexpr double kClipSampleRange = 1.0;  // diffusers' clip_sample_range default
}  // namespace

DdimScheduler::DdimScheduler(const SchedulerConfig& config, double eta)
    : AlphaScheduler(config, "DDIMScheduler"), m_eta(eta) {}

at::Tensor DdimScheduler::step(const at::Tensor& modelOutput, const at::Tensor& timestep, const at::Tensor& sample,
                               const NoiseSource& noise) {
  // 1. get previous step value (=t-1)
  const int64_t t = timestepValue(timestep);
  const int64_t prevT = t - stepRatio();
  // 2. compute alphas, betas
  const auto alphaProdT = alphaProd(t, m_finalAlphaCumprod);
  const auto alphaProdTPrev = alphaProd(prevT, m_finalAlphaCumprod);
  const auto betaProdT = at::rsub(alphaProdT, 1);
  // 3. predicted original sample and noise
  at::Tensor predOriginal, predEpsilon;
  switch (m_predictionType) {
    case PredictionType::Epsilon:
      predOriginal = (sample - at::pow(betaProdT, 0.5) * modelOutput) / at::pow(alphaProdT, 0.5);
      predEpsilon = modelOutput;
      break;
    case PredictionType::Sample:
      predOriginal = modelOutput;
      predEpsilon = (sample - at::pow(alphaProdT, 0.5) * predOriginal) / at::pow(betaProdT, 0.5);
      break;
    case PredictionType::VPrediction:
      predOriginal = at::pow(alphaProdT, 0.5) * sample - at::pow(betaProdT, 0.5) * modelOutput;
      predEpsilon = at::pow(alphaProdT, 0.5) * modelOutput + at::pow(betaProdT, 0.5) * sample;
      break;
  }
  // 4. clip "predicted x_0"
  if (m_config.clipSample) predOriginal = at::clamp(predOriginal, -kClipSampleRange, kClipSampleRange);
  m_predOriginal = predOriginal;
  // 5. variance σ_t(η), formula (16)
  const auto betaProdTPrev = at::rsub(alphaProdTPrev, 1);
  const auto variance = (betaProdTPrev / betaProdT) * at::rsub(alphaProdT / alphaProdTPrev, 1);
  const auto stdDevT = at::pow(variance, 0.5) * m_eta;
  // 6. "direction pointing to x_t"; 7. x_{t-1} without noise, formula (12)
  const auto predSampleDirection = at::pow(at::rsub(alphaProdTPrev, 1) - at::pow(stdDevT, 2), 0.5) * predEpsilon;
  auto prevSample = at::pow(alphaProdTPrev, 0.5) * predOriginal + predSampleDirection;
  if (m_eta > 0) {
    const auto varianceNoise = noise.randn(modelOutput.sizes(), modelOutput.options());
    prevSample = prevSample + stdDevT * varianceNoise;
  }
  return prevSample;
}

}  // namespace sd
