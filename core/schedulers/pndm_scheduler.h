#pragma once
// PNDM with skip_prk_steps (PLMS, crowsonkb's variant) as SD uses it.
// Matches diffusers v0.27.2 PNDMScheduler, keyed on its call counter: the
// second call redoes the first step with the averaged eps whatever the
// timestep is, which is what img2img's sliced timesteps hit (reference
// README §5).
#include <vector>

#include "core/schedulers/alpha_scheduler.h"

namespace sd {

class PndmScheduler : public AlphaScheduler {
 public:
  explicit PndmScheduler(const SchedulerConfig& config);
  void setTimesteps(int numInferenceSteps) override;
  // diffusers' PNDM has no set_begin_index: img2img just starts calling step().
  void setBeginIndex(int64_t) override {}
  at::Tensor step(const at::Tensor& modelOutput, const at::Tensor& timestep, const at::Tensor& sample,
                  const NoiseSource& noise) override;
  at::Tensor predOriginalSample() const override;

 private:
  // formula (9) of the PNDM paper
  at::Tensor prevSample(const at::Tensor& sample, int64_t t, int64_t prevT, const at::Tensor& modelOutput) const;

  int64_t m_counter = 0;
  at::Tensor m_curSample;
  std::vector<at::Tensor> m_ets;
  struct EstimateInputs {
    at::Tensor sample, eps;
    int64_t t = 0;
  } m_estimateFrom;  // what the last step used, for predOriginalSample()
};

}  // namespace sd
