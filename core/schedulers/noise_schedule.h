#pragma once
// Pieces every scheduler shares, ported once: the beta/alpha schedule of the
// config, σ(t) tables and Karras sigmas (float64 numpy math on float32
// tables, as diffusers does), timestep spacing, prediction types and the
// ᾱ-based add_noise. Matches diffusers v0.27.2 (scheduling_ddpm.py,
// scheduling_euler_discrete.py, scheduling_dpmsolver_multistep.py).
#include <vector>

#include "core/nn/aten.h"
#include "core/schedulers/scheduler_config.h"

namespace sd {

// betas [T] float32 on the CPU: linear, scaled_linear, squaredcos_cap_v2 or
// trained_betas; alphas_cumprod = cumprod(1 - betas).
at::Tensor makeBetas(const SchedulerConfig& config);
at::Tensor makeAlphasCumprod(const at::Tensor& betas);

// np.array(((1 - ᾱ) / ᾱ) ** 0.5): computed by torch in float32, ascending in
// t, widened to float64 the way numpy widens it for interp.
std::vector<double> sigmaTable(const at::Tensor& alphasCumprod);
// np.log of that float32 table (float32 results).
std::vector<float> logSigmaTable(const std::vector<double>& sigmas);
// _convert_to_karras (ρ = 7): float64, from sigmaMax down to sigmaMin.
std::vector<double> karrasSigmas(double sigmaMin, double sigmaMax, int64_t numInferenceSteps);
// _sigma_to_t: fractional timestep of sigma by log-sigma interpolation,
// with numpy 1.24's float32 intermediates.
double sigmaToT(double sigma, const std::vector<float>& logSigmas);

enum class TimestepSpacing { Leading, Linspace, Trailing };
// config.timestep_spacing, or the class's own default when the file has none.
TimestepSpacing timestepSpacing(const SchedulerConfig& config, TimestepSpacing classDefault);
// Descending timesteps of DDIM/DDPM/PNDM (roundLinspace) and of the Euler
// family (unrounded linspace), before their dtype cast.
std::vector<double> spacedTimesteps(TimestepSpacing spacing, const SchedulerConfig& config, int64_t numInferenceSteps,
                                    bool roundLinspace);
// DPMSolverMultistep/UniPC: N+1 points with the last dropped ("999 … 50").
std::vector<double> multistepTimesteps(TimestepSpacing spacing, const SchedulerConfig& config,
                                       int64_t numInferenceSteps);
// Throws unless 1 <= n <= num_train_timesteps.
void checkInferenceSteps(int64_t numInferenceSteps, const SchedulerConfig& config, const char* scheduler);

// numpy astype: float64 values into a CPU tensor of `dtype`.
at::Tensor tensorFromValues(const std::vector<double>& values, at::ScalarType dtype);

enum class PredictionType { Epsilon, VPrediction, Sample };
PredictionType predictionType(const SchedulerConfig& config);

// DDPMScheduler.add_noise: √ᾱ_t·x0 + √(1-ᾱ_t)·noise, ᾱ in the sample's dtype.
at::Tensor addNoiseByAlphas(const at::Tensor& alphasCumprod, const at::Tensor& original, const at::Tensor& noise,
                            const at::Tensor& timesteps);
// Reshapes a [B] coefficient to broadcast over `like` ([B,1,1,1]).
at::Tensor broadcastTo(const at::Tensor& perSample, const at::Tensor& like);

}  // namespace sd
