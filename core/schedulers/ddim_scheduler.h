#pragma once
// DDIM (Song et al., eq. 12 and 16). Matches diffusers v0.27.2
// DDIMScheduler.step: prev_t = t − T/N, σ_t(η) from _get_variance, and with
// η > 0 one randn(model_output.shape) per step.
#include "core/schedulers/alpha_scheduler.h"

namespace sd {

class DdimScheduler : public AlphaScheduler {
 public:
  DdimScheduler(const SchedulerConfig& config, double eta);
  void setTimesteps(int numInferenceSteps) override { setSpacedTimesteps(numInferenceSteps); }
  at::Tensor step(const at::Tensor& modelOutput, const at::Tensor& timestep, const at::Tensor& sample,
                  const NoiseSource& noise) override;

 private:
  double m_eta;
};

}  // namespace sd
