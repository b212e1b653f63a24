#include "core/schedulers/lms_scheduler.h"

#include <algorithm>

#include "core/schedulers/gauss_kronrod.h"

namespace sd {

namespace {
constexpr double kQuadEpsAbs = 1.49e-8;  // scipy.integrate.quad's default
constexpr double kQuadEpsRel = 1e-4;     // as diffusers calls it
}  // namespace

LmsScheduler::LmsScheduler(const SchedulerConfig& config)
    : SigmaScheduler(config, "LMSDiscreteScheduler"), m_spacing(timestepSpacing(config, TimestepSpacing::Linspace)) {}

void LmsScheduler::setTimesteps(int numInferenceSteps) {
  setKarrasStyleSchedule(numInferenceSteps, m_spacing);
  const auto s = m_sigmas.contiguous();
  m_sigmaValues.assign(s.data_ptr<float>(), s.data_ptr<float>() + s.numel());
  m_derivatives.clear();
}

double LmsScheduler::lmsCoefficient(int order, int64_t t, int currentOrder) const {
  const auto& s = m_sigmaValues;
  // diffusers' lms_derivative: `prod` is the Python float 1.0 until the first
  // factor makes it a float32 tensor; tau is rounded to float32 in `tau - σ`.
  auto lmsDerivative = [&](double tau) -> double {
    bool isTensor = false;
    float prod = 1.0f;
    for (int k = 0; k < order; ++k) {
      if (k == currentOrder) continue;
      const float factor = (static_cast<float>(tau) - s[t - k]) / (s[t - currentOrder] - s[t - k]);
      prod = isTensor ? prod * factor : factor;
      isTensor = true;
    }
    return isTensor ? static_cast<double>(prod) : 1.0;
  };
  return integrateQuad(lmsDerivative, s[t], s[t + 1], kQuadEpsAbs, kQuadEpsRel).value;
}

at::Tensor LmsScheduler::step(const at::Tensor& modelOutput, const at::Tensor& timestep, const at::Tensor& sample,
                              const NoiseSource& /*noise*/) {
  initStepIndexIfNeeded(timestep);
  const int64_t index = stepIndex();
  const auto sigma = sigmaAt(index);
  // 1. compute predicted original sample (x_0) from sigma-scaled predicted noise
  const auto predOriginal = predictOriginal(modelOutput, sample, sigma, sigma);
  m_predOriginal = predOriginal;
  // 2. Convert to an ODE derivative
  m_derivatives.push_back((sample - predOriginal) / sigma);
  if (static_cast<int>(m_derivatives.size()) > kOrder) m_derivatives.pop_front();
  // 3. linear multistep coefficients; 4. sample + Σ coeff·derivative (newest first)
  const int order = static_cast<int>(std::min<int64_t>(index + 1, kOrder));
  at::Tensor sum;
  auto derivative = m_derivatives.rbegin();
  for (int c = 0; c < order && derivative != m_derivatives.rend(); ++c, ++derivative) {
    const auto term = *derivative * lmsCoefficient(order, index, c);
    sum = sum.defined() ? sum + term : term;
  }
  advanceStepIndex();
  return sample + sum;
}

}  // namespace sd
