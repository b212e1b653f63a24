#pragma once
// DPM-Solver++(2M) (Lu et al. 2022, midpoint form), with linspace or Karras
// sigmas (config.useKarrasSigmas). Matches diffusers v0.27.2
// DPMSolverMultistepScheduler(algorithm_type="dpmsolver++", solver_order=2):
// first order on the first step and, with final_sigmas_type "zero", on the last.
#include <array>

#include "core/schedulers/sigma_scheduler.h"

namespace sd {

class DpmSolverMultistepScheduler : public SigmaScheduler {
 public:
  explicit DpmSolverMultistepScheduler(const SchedulerConfig& config);
  void setTimesteps(int numInferenceSteps) override;
  double initNoiseSigma() const override { return 1.0; }
  at::Tensor step(const at::Tensor& modelOutput, const at::Tensor& timestep, const at::Tensor& sample,
                  const NoiseSource& noise) override;

 protected:
  at::Tensor noised(const at::Tensor& original, const at::Tensor& noise, const at::Tensor& sigma) const override;

 private:
  static constexpr int kSolverOrder = 2;
  at::Tensor convertModelOutput(const at::Tensor& modelOutput, const at::Tensor& sample) const;
  at::Tensor firstOrderUpdate(const at::Tensor& modelOutput, const at::Tensor& sample) const;
  at::Tensor secondOrderUpdate(const at::Tensor& sample) const;

  TimestepSpacing m_spacing;
  std::array<at::Tensor, kSolverOrder> m_modelOutputs;
  int m_lowerOrderNums = 0;
};

}  // namespace sd
