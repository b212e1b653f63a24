#pragma once
// Euler a (k-diffusion sample_euler_ancestral, η = 1). Matches diffusers
// v0.27.2 EulerAncestralDiscreteScheduler: one randn(model_output.shape) per
// step, after the deterministic part.
#include "core/schedulers/sigma_scheduler.h"

namespace sd {

class EulerAncestralScheduler : public SigmaScheduler {
 public:
  explicit EulerAncestralScheduler(const SchedulerConfig& config);
  void setTimesteps(int numInferenceSteps) override;
  double initNoiseSigma() const override { return karrasStyleInitNoiseSigma(m_spacing); }
  at::Tensor scaleModelInput(const at::Tensor& sample, const at::Tensor& timestep) override {
    return scaleBySigma(sample, timestep);
  }
  at::Tensor step(const at::Tensor& modelOutput, const at::Tensor& timestep, const at::Tensor& sample,
                  const NoiseSource& noise) override;

 private:
  TimestepSpacing m_spacing;
};

}  // namespace sd
