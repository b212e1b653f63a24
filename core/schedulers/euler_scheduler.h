#pragma once
// Euler (k-diffusion "Euler", s_churn = 0). Matches diffusers v0.27.2
// EulerDiscreteScheduler: float32 timesteps, σ = np.interp of σ(t), and one
// (unused) randn per step drawn from the generator, as diffusers draws it.
#include "core/schedulers/sigma_scheduler.h"

namespace sd {

class EulerScheduler : public SigmaScheduler {
 public:
  explicit EulerScheduler(const SchedulerConfig& config);
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
