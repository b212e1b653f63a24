#pragma once
// LMS (linear multistep over sigma, order 4). Matches diffusers v0.27.2
// LMSDiscreteScheduler, including its coefficients: scipy quad of the
// Lagrange basis evaluated with float32 tensor arithmetic.
#include <deque>

#include "core/schedulers/sigma_scheduler.h"

namespace sd {

class LmsScheduler : public SigmaScheduler {
 public:
  explicit LmsScheduler(const SchedulerConfig& config);
  void setTimesteps(int numInferenceSteps) override;
  double initNoiseSigma() const override { return karrasStyleInitNoiseSigma(m_spacing); }
  at::Tensor scaleModelInput(const at::Tensor& sample, const at::Tensor& timestep) override {
    return scaleBySigma(sample, timestep);
  }
  at::Tensor step(const at::Tensor& modelOutput, const at::Tensor& timestep, const at::Tensor& sample,
                  const NoiseSource& noise) override;

 private:
  static constexpr int kOrder = 4;  // step()'s default `order`
  double lmsCoefficient(int order, int64_t t, int currentOrder) const;

  TimestepSpacing m_spacing;
  std::vector<float> m_sigmaValues;  // m_sigmas as floats, for the integrand
  std::deque<at::Tensor> m_derivatives;
};

}  // namespace sd
