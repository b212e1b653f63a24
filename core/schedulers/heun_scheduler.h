#pragma once
// Heun (2nd order, k-diffusion sample_heun with s_churn = 0). Matches
// diffusers v0.27.2 HeunDiscreteScheduler: every timestep after the first is
// repeated, and calls alternate between the Euler predictor and the
// trapezoidal corrector. order() is 2 (img2img slices timesteps[t_start*2:]).
#include "core/schedulers/sigma_scheduler.h"

namespace sd {

class HeunScheduler : public SigmaScheduler {
 public:
  explicit HeunScheduler(const SchedulerConfig& config);
  void setTimesteps(int numInferenceSteps) override;
  double initNoiseSigma() const override { return karrasStyleInitNoiseSigma(m_spacing); }
  int order() const override { return 2; }
  at::Tensor scaleModelInput(const at::Tensor& sample, const at::Tensor& timestep) override {
    return scaleBySigma(sample, timestep);
  }
  at::Tensor step(const at::Tensor& modelOutput, const at::Tensor& timestep, const at::Tensor& sample,
                  const NoiseSource& noise) override;

 private:
  bool stateInFirstOrder() const { return !m_dt.defined(); }

  TimestepSpacing m_spacing;
  at::Tensor m_prevDerivative;
  at::Tensor m_dt;
  at::Tensor m_sample;
};

}  // namespace sd
