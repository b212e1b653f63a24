#pragma once
// Shared state of the discrete-ᾱ schedulers (PNDM, DDIM, DDPM): integer
// timesteps indexing alphas_cumprod directly, init_noise_sigma 1 and
// DDPMScheduler.add_noise. Matches diffusers v0.27.2.
#include "core/schedulers/noise_schedule.h"
#include "core/schedulers/scheduler.h"

namespace sd {

class AlphaScheduler : public Scheduler {
 public:
  const at::Tensor& timesteps() const override { return m_timesteps; }
  double initNoiseSigma() const override { return 1.0; }
  at::Tensor addNoise(const at::Tensor& original, const at::Tensor& noise, const at::Tensor& timestep) override {
    return addNoiseByAlphas(m_alphasCumprod, original, noise, timestep);
  }

 protected:
  AlphaScheduler(const SchedulerConfig& config, const char* name);

  // alphas_cumprod[t] as a 0-d float32 CPU tensor; t < 0 gives `whenNegative`.
  at::Tensor alphaProd(int64_t t, const at::Tensor& whenNegative) const;
  // The loop's timestep as an integer; throws before setTimesteps.
  int64_t timestepValue(const at::Tensor& timestep) const;
  // Sets m_numInferenceSteps and m_timesteps (int64, descending) by spacing.
  void setSpacedTimesteps(int64_t numInferenceSteps);
  // num_train_timesteps // num_inference_steps
  int64_t stepRatio() const { return m_config.numTrainTimesteps / m_numInferenceSteps; }

  SchedulerConfig m_config;
  const char* m_name;
  PredictionType m_predictionType;
  TimestepSpacing m_spacing;
  at::Tensor m_alphasCumprod;       // [T] float32
  at::Tensor m_finalAlphaCumprod;   // 1 (set_alpha_to_one) or alphas_cumprod[0]
  at::Tensor m_timesteps;           // [N] int64
  int64_t m_numInferenceSteps = 0;  // 0 until setTimesteps
};

}  // namespace sd
