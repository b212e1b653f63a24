#include "core/schedulers/dpm_solver_multistep_scheduler.h"

#include <ATen/ops/exp.h>
#include <ATen/ops/log.h>

#include "core/schedulers/numpy_like.h"

namespace sd {

namespace {
// λ = log α − log σ of a 0-d sigma.
at::Tensor lambdaOf(const at::Tensor& alphaT, const at::Tensor& sigmaT) { return at::log(alphaT) - at::log(sigmaT); }
}  // namespace

DpmSolverMultistepScheduler::DpmSolverMultistepScheduler(const SchedulerConfig& config)
    : SigmaScheduler(config, "DPMSolverMultistepScheduler"),
      m_spacing(timestepSpacing(config, TimestepSpacing::Linspace)) {
  setMissingTimestep(MissingTimestep::LastIndex);
}

void DpmSolverMultistepScheduler::setTimesteps(int numInferenceSteps) {
  checkInferenceSteps(numInferenceSteps, m_config, m_name);
  auto timesteps = multistepTimesteps(m_spacing, m_config, numInferenceSteps);
  const auto table = sigmaTable(m_alphasCumprod);
  std::vector<double> sigmas;
  if (m_config.useKarrasSigmas) {
    const auto logSigmas = logSigmaTable(table);
    sigmas = karrasSigmas(table.front(), table.back(), numInferenceSteps);
    timesteps.clear();
    for (const double s : sigmas) timesteps.push_back(numpy::round(sigmaToT(s, logSigmas)));
  } else {
    sigmas = numpy::interp(timesteps, table);
  }
  sigmas.push_back(0.0);  // final_sigmas_type "zero"
  m_sigmas = tensorFromValues(sigmas, at::kFloat);
  m_timesteps = tensorFromValues(timesteps, at::kLong);
  m_modelOutputs = {};
  m_lowerOrderNums = 0;
  resetStepIndex();
}

at::Tensor DpmSolverMultistepScheduler::convertModelOutput(const at::Tensor& modelOutput,
                                                           const at::Tensor& sample) const {
  // DPM-Solver++ works on the data prediction x0.
  if (m_predictionType == PredictionType::Sample) return modelOutput;
  const auto [alphaT, sigmaT] = sigmaToAlphaSigmaT(sigmaAt(stepIndex()));
  if (m_predictionType == PredictionType::Epsilon) return (sample - sigmaT * modelOutput) / alphaT;
  return alphaT * sample - sigmaT * modelOutput;
}

at::Tensor DpmSolverMultistepScheduler::firstOrderUpdate(const at::Tensor& modelOutput,
                                                         const at::Tensor& sample) const {
  const auto [alphaT, sigmaT] = sigmaToAlphaSigmaT(sigmaAt(stepIndex() + 1));
  const auto [alphaS, sigmaS] = sigmaToAlphaSigmaT(sigmaAt(stepIndex()));
  const auto h = lambdaOf(alphaT, sigmaT) - lambdaOf(alphaS, sigmaS);
  return (sigmaT / sigmaS) * sample - (alphaT * (at::exp(-h) - 1.0)) * modelOutput;
}

at::Tensor DpmSolverMultistepScheduler::secondOrderUpdate(const at::Tensor& sample) const {
  const auto [alphaT, sigmaT] = sigmaToAlphaSigmaT(sigmaAt(stepIndex() + 1));
  const auto [alphaS0, sigmaS0] = sigmaToAlphaSigmaT(sigmaAt(stepIndex()));
  const auto [alphaS1, sigmaS1] = sigmaToAlphaSigmaT(sigmaAt(stepIndex() - 1));
  const auto lambdaT = lambdaOf(alphaT, sigmaT);
  const auto lambdaS0 = lambdaOf(alphaS0, sigmaS0);
  const auto lambdaS1 = lambdaOf(alphaS1, sigmaS1);
  const auto& m0 = m_modelOutputs[kSolverOrder - 1];
  const auto& m1 = m_modelOutputs[kSolverOrder - 2];
  const auto h = lambdaT - lambdaS0;
  const auto h0 = lambdaS0 - lambdaS1;
  const auto r0 = h0 / h;
  const auto d1 = (1.0 / r0) * (m0 - m1);
  // midpoint solver, arXiv:2211.01095
  return (sigmaT / sigmaS0) * sample - (alphaT * (at::exp(-h) - 1.0)) * m0 -
         0.5 * (alphaT * (at::exp(-h) - 1.0)) * d1;
}

at::Tensor DpmSolverMultistepScheduler::step(const at::Tensor& modelOutput, const at::Tensor& timestep,
                                             const at::Tensor& sample, const NoiseSource& /*noise*/) {
  initStepIndexIfNeeded(timestep);
  const int64_t numSteps = m_timesteps.size(0);
  // final_sigmas_type "zero" makes the last step first order whatever the
  // number of steps (lower_order_second only matters for 3rd order).
  const bool lowerOrderFinal = stepIndex() == numSteps - 1;

  const auto converted = convertModelOutput(modelOutput, sample);
  m_predOriginal = converted;  // DPM-Solver++ converts the model output to x₀
  for (int i = 0; i < kSolverOrder - 1; ++i) m_modelOutputs[i] = m_modelOutputs[i + 1];
  m_modelOutputs[kSolverOrder - 1] = converted;

  // Upcast to avoid precision issues when computing prev_sample.
  const auto x = sample.to(at::kFloat);
  at::Tensor prevSample;
  if (m_lowerOrderNums < 1 || lowerOrderFinal)
    prevSample = firstOrderUpdate(converted, x);
  else
    prevSample = secondOrderUpdate(x);
  if (m_lowerOrderNums < kSolverOrder) ++m_lowerOrderNums;
  advanceStepIndex();
  return prevSample.to(converted.scalar_type());
}

at::Tensor DpmSolverMultistepScheduler::noised(const at::Tensor& original, const at::Tensor& noise,
                                               const at::Tensor& sigma) const {
  const auto [alphaT, sigmaT] = sigmaToAlphaSigmaT(sigma);
  return alphaT * original + sigmaT * noise;
}

}  // namespace sd
