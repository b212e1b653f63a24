#pragma once
// The one small interface every sampler implements. Mirrors diffusers'
// SchedulerMixin as StableDiffusionPipeline uses it, including its internal
// step counters, so quirks (PNDM's call counter, img2img's begin index)
// reproduce exactly. Schedulers know nothing of models.
#include <memory>
#include <string>

#include "core/nn/aten.h"
#include "core/schedulers/noise_source.h"
#include "core/schedulers/scheduler_config.h"
#include "core/schedulers/scheduler_kind.h"

namespace sd {

class Scheduler {
 public:
  virtual ~Scheduler() = default;

  virtual void setTimesteps(int numInferenceSteps) = 0;
  // The loop's timesteps (int64 or float32, as the diffusers class has them).
  virtual const at::Tensor& timesteps() const = 0;
  virtual at::Tensor sigmas() const { return {}; }  // undefined where the class has none
  virtual double initNoiseSigma() const = 0;
  virtual int order() const { return 1; }
  // img2img: the loop starts at timesteps()[beginIndex] (diffusers set_begin_index).
  virtual void setBeginIndex(int64_t beginIndex) { m_beginIndex = beginIndex; }

  virtual at::Tensor scaleModelInput(const at::Tensor& sample, const at::Tensor& timestep) { return sample; }
  // One denoising step: the latents at the next timestep. Stochastic
  // samplers draw from `noise` (diffusers' generator argument).
  virtual at::Tensor step(const at::Tensor& modelOutput, const at::Tensor& timestep, const at::Tensor& sample,
                          const NoiseSource& noise) = 0;
  // Forward diffusion to `timestep` (img2img's starting point).
  virtual at::Tensor addNoise(const at::Tensor& original, const at::Tensor& noise, const at::Tensor& timestep) = 0;
  // The last step()'s estimate of the final latents (diffusers'
  // pred_original_sample, x₀), undefined before the first step. A handle to
  // a tensor the step computed anyway: reading it back is the caller's cost.
  virtual at::Tensor predOriginalSample() const { return m_predOriginal; }

 protected:
  int64_t m_beginIndex = -1;  // -1: none set
  at::Tensor m_predOriginal;
};

// Per-call settings some samplers take in diffusers' step() (DDIM's eta).
struct SchedulerOptions {
  double eta = 0.0;
};

// Makes the scheduler of this kind from the model's scheduler config, as
// `Cls.from_config(pipe.scheduler.config)` does (names: scheduler_names.h).
std::unique_ptr<Scheduler> makeScheduler(SchedulerKind kind, const SchedulerConfig& config,
                                         const SchedulerOptions& options = {});

}  // namespace sd
