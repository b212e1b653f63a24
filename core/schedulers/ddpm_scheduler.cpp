#include "core/schedulers/ddpm_scheduler.h"

#include <ATen/ops/clamp.h>
#include <ATen/ops/pow.h>
#include <ATen/ops/rsub.h>
#include <ATen/ops/scalar_tensor.h>

namespace sd {

namespace {
constexpr double kClipSampleRange = 1.0;  // diffusers' clip_sample_range default
constexpr double kMinVariance = 1e-20;    // _get_variance clamps before any log
}  // namespace

DdpmScheduler::DdpmScheduler(const SchedulerConfig& config)
    : AlphaScheduler(config, "DDPMScheduler"), m_one(at::scalar_tensor(1.0, at::TensorOptions().dtype(at::kFloat))) {}

at::Tensor DdpmScheduler::variance(int64_t t) const {
  const int64_t prevT = t - stepRatio();
  const auto alphaProdT = alphaProd(t, m_one);
  const auto alphaProdTPrev = alphaProd(prevT, m_one);
  const auto currentBetaT = at::rsub(alphaProdT / alphaProdTPrev, 1);
  // βt~ of formula (7)
  const auto v = at::rsub(alphaProdTPrev, 1) / at::rsub(alphaProdT, 1) * currentBetaT;
  return at::clamp(v, kMinVariance);
}

at::Tensor DdpmScheduler::step(const at::Tensor& modelOutput, const at::Tensor& timestep, const at::Tensor& sample,
                               const NoiseSource& noise) {
  const int64_t t = timestepValue(timestep);
  const int64_t prevT = t - stepRatio();
  // 1. compute alphas, betas
  const auto alphaProdT = alphaProd(t, m_one);
  const auto alphaProdTPrev = alphaProd(prevT, m_one);
  const auto betaProdT = at::rsub(alphaProdT, 1);
  const auto betaProdTPrev = at::rsub(alphaProdTPrev, 1);
  const auto currentAlphaT = alphaProdT / alphaProdTPrev;
  const auto currentBetaT = at::rsub(currentAlphaT, 1);
  // 2. predicted original sample
  at::Tensor predOriginal;
  switch (m_predictionType) {
    case PredictionType::Epsilon:
      predOriginal = (sample - at::pow(betaProdT, 0.5) * modelOutput) / at::pow(alphaProdT, 0.5);
      break;
    case PredictionType::Sample:
      predOriginal = modelOutput;
      break;
    case PredictionType::VPrediction:
      predOriginal = at::pow(alphaProdT, 0.5) * sample - at::pow(betaProdT, 0.5) * modelOutput;
      break;
  }
  // 3. clip "predicted x_0"
  if (m_config.clipSample) predOriginal = at::clamp(predOriginal, -kClipSampleRange, kClipSampleRange);
  m_predOriginal = predOriginal;
  // 4.–5. µ_t of formula (7)
  const auto predOriginalCoeff = (at::pow(alphaProdTPrev, 0.5) * currentBetaT) / betaProdT;
  const auto currentSampleCoeff = at::pow(currentAlphaT, 0.5) * betaProdTPrev / betaProdT;
  auto predPrevSample = predOriginalCoeff * predOriginal + currentSampleCoeff * sample;
  // 6. add noise
  if (t > 0) {
    const auto varianceNoise = noise.randn(modelOutput.sizes(), modelOutput.options());
    predPrevSample = predPrevSample + at::pow(variance(t), 0.5) * varianceNoise;
  }
  return predPrevSample;
}

}  // namespace sd
