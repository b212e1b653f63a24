#include "core/schedulers/pndm_scheduler.h"

#include <ATen/ops/pow.h>
#include <ATen/ops/rsub.h>

#include "core/schedulers/numpy_like.h"
#include "core/util/error.h"

namespace sd {

PndmScheduler::PndmScheduler(const SchedulerConfig& config) : AlphaScheduler(config, "PNDMScheduler") {
  if (!config.skipPrkSteps)
    throw Error("PNDMScheduler: skip_prk_steps=false (the Runge-Kutta warm-up) is not supported");
  if (m_predictionType == PredictionType::Sample)
    throw Error("PNDMScheduler: prediction_type 'sample' is not supported");
}

void PndmScheduler::setTimesteps(int numInferenceSteps) {
  setSpacedTimesteps(numInferenceSteps);
  // plms_timesteps = [t_0 … t_{N-2}, t_{N-2}, t_{N-1}] reversed: the second
  // timestep (first of the descending list) appears twice.
  const auto ascending = numpy::reversed(spacedTimesteps(m_spacing, m_config, numInferenceSteps, true));
  std::vector<double> plms(ascending.begin(), ascending.end() - 1);
  if (ascending.size() >= 2) plms.push_back(ascending[ascending.size() - 2]);
  plms.push_back(ascending.back());
  m_timesteps = tensorFromValues(numpy::reversed(plms), at::kLong);
  m_ets.clear();
  m_counter = 0;
  m_curSample = at::Tensor();
}

at::Tensor PndmScheduler::step(const at::Tensor& modelOutput, const at::Tensor& timestep, const at::Tensor& sample,
                               const NoiseSource& /*noise*/) {
  int64_t t = timestepValue(timestep);
  int64_t prevT = t - stepRatio();
  if (m_counter != 1) {
    if (m_ets.size() > 3) m_ets.erase(m_ets.begin(), m_ets.end() - 3);
    m_ets.push_back(modelOutput);
  } else {
    prevT = t;
    t = t + stepRatio();
  }
  at::Tensor eps = modelOutput;
  at::Tensor x = sample;
  const auto n = m_ets.size();
  if (n == 1 && m_counter == 0) {
    m_curSample = sample;
  } else if (n == 1 && m_counter == 1) {
    eps = (modelOutput + m_ets.back()) / 2;
    x = m_curSample;
    m_curSample = at::Tensor();
  } else if (n == 2) {
    eps = (3 * m_ets[n - 1] - m_ets[n - 2]) / 2;
  } else if (n == 3) {
    eps = (23 * m_ets[n - 1] - 16 * m_ets[n - 2] + 5 * m_ets[n - 3]) / 12;
  } else {
    eps = (1.0 / 24) * (55 * m_ets[n - 1] - 59 * m_ets[n - 2] + 37 * m_ets[n - 3] - 9 * m_ets[n - 4]);
  }
  if (!x.defined()) throw Error("PNDMScheduler: step called out of order (no stored sample)");
  m_estimateFrom = {x, eps, t};
  auto out = prevSample(x, t, prevT, eps);
  ++m_counter;
  return out;
}

// PLMS computes no x₀: the DDIM formula on the sample and the (multistep)
// noise the step used, evaluated only when asked.
at::Tensor PndmScheduler::predOriginalSample() const {
  const auto& [x, eps, t] = m_estimateFrom;
  if (!x.defined()) return {};
  const auto alphaProdT = alphaProd(t, m_finalAlphaCumprod);
  const auto betaProdT = at::rsub(alphaProdT, 1);
  if (m_predictionType == PredictionType::VPrediction)
    return at::pow(alphaProdT, 0.5) * x - at::pow(betaProdT, 0.5) * eps;
  return (x - at::pow(betaProdT, 0.5) * eps) / at::pow(alphaProdT, 0.5);
}

at::Tensor PndmScheduler::prevSample(const at::Tensor& sample, int64_t t, int64_t prevT,
                                     const at::Tensor& modelOutput) const {
  const auto alphaProdT = alphaProd(t, m_finalAlphaCumprod);
  const auto alphaProdTPrev = alphaProd(prevT, m_finalAlphaCumprod);
  const auto betaProdT = at::rsub(alphaProdT, 1);
  const auto betaProdTPrev = at::rsub(alphaProdTPrev, 1);
  auto eps = modelOutput;
  if (m_predictionType == PredictionType::VPrediction)
    eps = at::pow(alphaProdT, 0.5) * modelOutput + at::pow(betaProdT, 0.5) * sample;
  // (α_{t−δ} − α_t) / (√α_t·(√α_{t−δ} + √α_t)) = √(α_{t−δ}/α_t) − 1, plus 1
  const auto sampleCoeff = at::pow(alphaProdTPrev / alphaProdT, 0.5);
  // denominator of e_θ(x_t, t) in formula (9)
  const auto modelOutputDenomCoeff =
      alphaProdT * at::pow(betaProdTPrev, 0.5) + at::pow(alphaProdT * betaProdT * alphaProdTPrev, 0.5);
  return sampleCoeff * sample - (alphaProdTPrev - alphaProdT) * eps / modelOutputDenomCoeff;
}

}  // namespace sd
