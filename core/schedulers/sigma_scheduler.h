#pragma once
// Shared state of the schedulers that index a sigma table with diffusers'
// `_step_index` counter (Euler, Euler a, LMS, Heun, DPM++ 2M, UniPC): the
// counter starts on the first scale_model_input/step call from the begin
// index or from the timestep's position, then advances once per step.
// Matches diffusers v0.27.2 _init_step_index / index_for_timestep / add_noise.
#include "core/schedulers/noise_schedule.h"
#include "core/schedulers/scheduler.h"

namespace sd {

class SigmaScheduler : public Scheduler {
 public:
  const at::Tensor& timesteps() const override { return m_timesteps; }
  at::Tensor sigmas() const override { return m_sigmas; }
  // img2img/inpaint forward diffusion to the begin index (or the timestep's index).
  at::Tensor addNoise(const at::Tensor& original, const at::Tensor& noise, const at::Tensor& timestep) override;

 protected:
  SigmaScheduler(const SchedulerConfig& config, const char* name);

  // How the multistep solvers (DPM++, UniPC) treat an unknown timestep: the
  // last index instead of an error.
  enum class MissingTimestep { Error, LastIndex };
  void setMissingTimestep(MissingTimestep m) { m_missingTimestep = m; }

  // Resets the counters, as set_timesteps does.
  void resetStepIndex();
  void initStepIndexIfNeeded(const at::Tensor& timestep);
  int64_t indexForTimestep(const at::Tensor& timestep) const;
  int64_t stepIndex() const { return m_stepIndex; }
  void advanceStepIndex() { ++m_stepIndex; }
  // self.sigmas[i]: a 0-d float32 CPU tensor.
  at::Tensor sigmaAt(int64_t index) const;
  void requireTimesteps() const;
  // Euler/Euler a/LMS/Heun set_timesteps: float32 timesteps by `spacing`
  // (linspace unrounded), sigmas = np.interp(t, 0..T-1, σ table) + [0].
  void setKarrasStyleSchedule(int64_t numInferenceSteps, TimestepSpacing spacing);
  // init_noise_sigma of those classes: σ_max for linspace/trailing, else √(σ_max²+1).
  double karrasStyleInitNoiseSigma(TimestepSpacing spacing) const;
  // sample / √(σ²+1) with σ = sigmas[step_index].
  at::Tensor scaleBySigma(const at::Tensor& sample, const at::Tensor& timestep);
  // pred_original_sample: epsilon uses sigmaEps, v_prediction sigmaV.
  at::Tensor predictOriginal(const at::Tensor& modelOutput, const at::Tensor& sample, const at::Tensor& sigmaEps,
                             const at::Tensor& sigmaV) const;
  // x0 + noise·σ (Euler family) or α_t·x0 + σ_t·noise (VP solvers).
  virtual at::Tensor noised(const at::Tensor& original, const at::Tensor& noise, const at::Tensor& sigma) const;

  SchedulerConfig m_config;
  const char* m_name;
  PredictionType m_predictionType;
  at::Tensor m_alphasCumprod;  // [T] float32
  at::Tensor m_timesteps;      // [N]
  at::Tensor m_sigmas;         // [N+1] float32, CPU

 private:
  int64_t m_stepIndex = -1;
  MissingTimestep m_missingTimestep = MissingTimestep::Error;
};

// _sigma_to_alpha_sigma_t: α_t = 1/√(σ²+1), σ_t = σ·α_t (0-d or broadcastable).
std::pair<at::Tensor, at::Tensor> sigmaToAlphaSigmaT(const at::Tensor& sigma);

}  // namespace sd
