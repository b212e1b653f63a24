#pragma once
// DDPM ancestral sampling (Ho et al., eq. 6–7, variance "fixed_small").
// Matches diffusers v0.27.2 DDPMScheduler.step: noise is drawn only while t > 0.
#include "core/schedulers/alpha_scheduler.h"

namespace sd {

class DdpmScheduler : public AlphaScheduler {
 public:
  explicit DdpmScheduler(const SchedulerConfig& config);
  void setTimesteps(int numInferenceSteps) override { setSpacedTimesteps(numInferenceSteps); }
  at::Tensor step(const at::Tensor& modelOutput, const at::Tensor& timestep, const at::Tensor& sample,
                  const NoiseSource& noise) override;

 private:
  at::Tensor variance(int64_t t) const;  // _get_variance, fixed_small
  at::Tensor m_one;                      // self.one
};

}  // namespace sd
