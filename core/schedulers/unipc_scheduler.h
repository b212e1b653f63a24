#pragma once
// UniPC (Zhao et al. 2023): multistep predictor UniP with corrector UniC,
// B(h) = e^h − 1 ("bh2"), data prediction. Matches diffusers v0.27.2
// UniPCMultistepScheduler with solver_order 2 and lower_order_final; the
// last sigma is σ(t=0), not 0, in this version.
#include <array>

#include "core/schedulers/sigma_scheduler.h"

namespace sd {

class UniPcScheduler : public SigmaScheduler {
 public:
  explicit UniPcScheduler(const SchedulerConfig& config);
  void setTimesteps(int numInferenceSteps) override;
  double initNoiseSigma() const override { return 1.0; }
  at::Tensor step(const at::Tensor& modelOutput, const at::Tensor& timestep, const at::Tensor& sample,
                  const NoiseSource& noise) override;

 protected:
  at::Tensor noised(const at::Tensor& original, const at::Tensor& noise, const at::Tensor& sigma) const override;

 private:
  static constexpr int kSolverOrder = 2;
  struct Coefficients;  // h·φ terms shared by predictor and corrector
  at::Tensor convertModelOutput(const at::Tensor& modelOutput, const at::Tensor& sample) const;
  at::Tensor predictor(const at::Tensor& sample, int order) const;  // multistep_uni_p_bh_update
  at::Tensor corrector(const at::Tensor& thisModelOutput, const at::Tensor& lastSample, const at::Tensor& thisSample,
                       int order) const;  // multistep_uni_c_bh_update

  TimestepSpacing m_spacing;
  std::array<at::Tensor, kSolverOrder> m_modelOutputs;
  int m_lowerOrderNums = 0;
  int m_thisOrder = 0;
  at::Tensor m_lastSample;
};

}  // namespace sd
