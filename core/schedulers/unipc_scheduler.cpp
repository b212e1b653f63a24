#include "core/schedulers/unipc_scheduler.h"

#include <algorithm>
#include <vector>

#include <ATen/ops/einsum.h>
#include <ATen/ops/expm1.h>
#include <ATen/ops/full.h>
#include <ATen/ops/linalg_solve.h>
#include <ATen/ops/log.h>
#include <ATen/ops/pow.h>
#include <ATen/ops/scalar_tensor.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/tensor.h>

#include "core/schedulers/numpy_like.h"

namespace sd {

namespace {

at::Tensor lambdaOfSigma(const at::Tensor& sigma) {
  const auto [alpha, sigmaT] = sigmaToAlphaSigmaT(sigma);
  return at::log(alpha) - at::log(sigmaT);
}

}  // namespace

// The part of uni_p/uni_c that only depends on the step sizes: rks, R, b,
// h·φ₁ and B(h) (bh2), for an update from sigma index `s0` to `t`.
struct UniPcScheduler::Coefficients {
  at::Tensor alphaT, sigmaT, sigmaS0, hPhi1, bH, r, b;
  std::vector<at::Tensor> d1s;  // (m_i − m0)/r_k
};

UniPcScheduler::UniPcScheduler(const SchedulerConfig& config)
    : SigmaScheduler(config, "UniPCMultistepScheduler"), m_spacing(timestepSpacing(config, TimestepSpacing::Linspace)) {
  setMissingTimestep(MissingTimestep::LastIndex);
}

void UniPcScheduler::setTimesteps(int numInferenceSteps) {
  checkInferenceSteps(numInferenceSteps, m_config, m_name);
  const auto timesteps = multistepTimesteps(m_spacing, m_config, numInferenceSteps);
  const auto table = sigmaTable(m_alphasCumprod);
  auto sigmas = numpy::interp(timesteps, table);
  sigmas.push_back(table.front());  // σ at t = 0
  m_sigmas = tensorFromValues(sigmas, at::kFloat);
  m_timesteps = tensorFromValues(timesteps, at::kLong);
  m_modelOutputs = {};
  m_lowerOrderNums = 0;
  m_thisOrder = 0;
  m_lastSample = at::Tensor();
  resetStepIndex();
}

at::Tensor UniPcScheduler::convertModelOutput(const at::Tensor& modelOutput, const at::Tensor& sample) const {
  if (m_predictionType == PredictionType::Sample) return modelOutput;
  const auto [alphaT, sigmaT] = sigmaToAlphaSigmaT(sigmaAt(stepIndex()));
  if (m_predictionType == PredictionType::Epsilon) return (sample - sigmaT * modelOutput) / alphaT;
  return alphaT * sample - sigmaT * modelOutput;
}

namespace {

// rks/D1s/R/b of multistep_uni_{p,c}_bh_update; `otherSigmas` are the
// sigmas of the older model outputs m_{-2}, m_{-3}, ….
template <typename Outputs>
void fillCoefficients(auto& c, const at::Tensor& sigmaT, const at::Tensor& sigmaS0,
                      const std::vector<at::Tensor>& otherSigmas, const Outputs& outputs, int order,
                      const at::Device& device) {
  const auto [alphaT, sT] = sigmaToAlphaSigmaT(sigmaT);
  const auto [alphaS0, sS0] = sigmaToAlphaSigmaT(sigmaS0);
  c.alphaT = alphaT;
  c.sigmaT = sT;
  c.sigmaS0 = sS0;
  const auto lambdaS0 = at::log(alphaS0) - at::log(sS0);
  const auto h = (at::log(alphaT) - at::log(sT)) - lambdaS0;
  const auto& m0 = outputs[outputs.size() - 1];
  std::vector<at::Tensor> rks;
  for (int i = 1; i < order; ++i) {
    const auto rk = (lambdaOfSigma(otherSigmas[i - 1]) - lambdaS0) / h;
    rks.push_back(rk);
    c.d1s.push_back((outputs[outputs.size() - 1 - i] - m0) / rk);
  }
  rks.push_back(at::scalar_tensor(1.0, at::TensorOptions().dtype(at::kFloat)));
  // torch.tensor(rks, device=device): R and b live on the sample's device.
  const auto rksT = at::stack(rks).to(device);
  const auto hh = -h;  // predict_x0
  c.hPhi1 = at::expm1(hh);
  auto hPhiK = c.hPhi1 / hh - 1;
  c.bH = at::expm1(hh);  // bh2
  int64_t factorial = 1;
  std::vector<at::Tensor> r, b;
  for (int i = 1; i <= order; ++i) {
    r.push_back(at::pow(rksT, i - 1));
    b.push_back(hPhiK * factorial / c.bH);
    factorial *= i + 1;
    hPhiK = hPhiK / hh - 1.0 / static_cast<double>(factorial);
  }
  c.r = at::stack(r);
  c.b = at::stack(b).to(device);
}

}  // namespace

at::Tensor UniPcScheduler::predictor(const at::Tensor& sample, int order) const {
  const int64_t i = stepIndex();
  std::vector<at::Tensor> others;
  for (int k = 1; k < order; ++k) others.push_back(sigmaAt(i - k));
  Coefficients c;
  fillCoefficients(c, sigmaAt(i + 1), sigmaAt(i), others, m_modelOutputs, order, sample.device());
  const auto& m0 = m_modelOutputs[kSolverOrder - 1];
  const auto xT = c.sigmaT / c.sigmaS0 * sample - c.alphaT * c.hPhi1 * m0;
  if (c.d1s.empty()) return xT.to(sample.scalar_type());
  // For order 2 diffusers uses ρ = 0.5 rather than solving R[:-1, :-1].
  const auto rhosP = at::full({1}, 0.5, at::TensorOptions().dtype(sample.scalar_type()).device(sample.device()));
  const auto predRes = at::einsum("k,bkc...->bc...", {rhosP, at::stack(c.d1s, 1)});
  return (xT - c.alphaT * c.bH * predRes).to(sample.scalar_type());
}

at::Tensor UniPcScheduler::corrector(const at::Tensor& thisModelOutput, const at::Tensor& lastSample,
                                     const at::Tensor& thisSample, int order) const {
  const int64_t i = stepIndex();
  std::vector<at::Tensor> others;
  for (int k = 1; k < order; ++k) others.push_back(sigmaAt(i - (k + 1)));
  Coefficients c;
  fillCoefficients(c, sigmaAt(i), sigmaAt(i - 1), others, m_modelOutputs, order, thisSample.device());
  const auto& m0 = m_modelOutputs[kSolverOrder - 1];
  const auto opts = at::TensorOptions().dtype(lastSample.scalar_type()).device(lastSample.device());
  const auto rhosC = order == 1 ? at::full({1}, 0.5, opts) : at::linalg_solve(c.r, c.b);
  const auto xT = c.sigmaT / c.sigmaS0 * lastSample - c.alphaT * c.hPhi1 * m0;
  const auto d1T = thisModelOutput - m0;
  auto correction = rhosC[rhosC.size(0) - 1] * d1T;
  if (!c.d1s.empty())
    correction = at::einsum("k,bkc...->bc...", {rhosC.slice(0, 0, rhosC.size(0) - 1), at::stack(c.d1s, 1)}) + correction;
  return (xT - c.alphaT * c.bH * correction).to(lastSample.scalar_type());
}

at::Tensor UniPcScheduler::step(const at::Tensor& modelOutput, const at::Tensor& timestep, const at::Tensor& sample,
                                const NoiseSource& /*noise*/) {
  initStepIndexIfNeeded(timestep);
  const bool useCorrector = stepIndex() > 0 && m_lastSample.defined();
  const auto converted = convertModelOutput(modelOutput, sample);
  m_predOriginal = converted;  // predict_x0: the converted output is x₀
  auto x = sample;
  if (useCorrector) x = corrector(converted, m_lastSample, sample, m_thisOrder);
  for (int k = 0; k < kSolverOrder - 1; ++k) m_modelOutputs[k] = m_modelOutputs[k + 1];
  m_modelOutputs[kSolverOrder - 1] = converted;
  // lower_order_final: the order drops to 1 on the last step; warm-up caps it.
  const int64_t remaining = m_timesteps.size(0) - stepIndex();
  const int thisOrder = static_cast<int>(std::min<int64_t>(kSolverOrder, remaining));
  m_thisOrder = std::min(thisOrder, m_lowerOrderNums + 1);
  m_lastSample = x;
  const auto prevSample = predictor(x, m_thisOrder);
  if (m_lowerOrderNums < kSolverOrder) ++m_lowerOrderNums;
  advanceStepIndex();
  return prevSample;
}

at::Tensor UniPcScheduler::noised(const at::Tensor& original, const at::Tensor& noise, const at::Tensor& sigma) const {
  const auto [alphaT, sigmaT] = sigmaToAlphaSigmaT(sigma);
  return alphaT * original + sigmaT * noise;
}

}  // namespace sd
