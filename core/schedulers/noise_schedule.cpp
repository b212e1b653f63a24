#include "core/schedulers/noise_schedule.h"

#include <algorithm>
#include <cmath>

#include <ATen/ops/cumprod.h>
#include <ATen/ops/index_select.h>
#include <ATen/ops/linspace.h>
#include <ATen/ops/pow.h>
#include <ATen/ops/rsub.h>
#include <ATen/ops/tensor.h>

#include "core/nn/device_copy.h"
#include "core/schedulers/numpy_like.h"
#include "core/util/error.h"

namespace sd {

namespace {

// betas_for_alpha_bar (cosine): computed in Python floats, stored float32.
at::Tensor cosineBetas(int64_t numTrainTimesteps) {
  constexpr double kMaxBeta = 0.999;
  constexpr double kPi = 3.141592653589793;
  auto alphaBar = [&](double t) {
    const double c = std::cos((t + 0.008) / 1.008 * kPi / 2);
    return c * c;
  };
  std::vector<double> betas;
  for (int64_t i = 0; i < numTrainTimesteps; ++i) {
    const double t1 = static_cast<double>(i) / static_cast<double>(numTrainTimesteps);
    const double t2 = static_cast<double>(i + 1) / static_cast<double>(numTrainTimesteps);
    betas.push_back(std::min(1 - alphaBar(t2) / alphaBar(t1), kMaxBeta));
  }
  return tensorFromValues(betas, at::kFloat);
}

}  // namespace

at::Tensor makeBetas(const SchedulerConfig& config) {
  if (!config.trainedBetas.empty()) return tensorFromValues(config.trainedBetas, at::kFloat);
  const int64_t n = config.numTrainTimesteps;
  if (n < 2) throw Error("scheduler config: num_train_timesteps must be at least 2, got " + std::to_string(n));
  const auto f32 = at::TensorOptions().dtype(at::kFloat);
  if (config.betaSchedule == "linear") return at::linspace(config.betaStart, config.betaEnd, n, f32);
  if (config.betaSchedule == "scaled_linear")
    return at::pow(at::linspace(std::pow(config.betaStart, 0.5), std::pow(config.betaEnd, 0.5), n, f32), 2);
  if (config.betaSchedule == "squaredcos_cap_v2") return cosineBetas(n);
  throw Error("scheduler config: beta_schedule '" + config.betaSchedule + "' is not supported");
}

at::Tensor makeAlphasCumprod(const at::Tensor& betas) { return at::cumprod(at::rsub(betas, 1.0), 0); }

std::vector<double> sigmaTable(const at::Tensor& alphasCumprod) {
  const auto ac = alphasCumprod.to(at::kFloat).contiguous().cpu();
  const auto sigmas = at::pow(at::rsub(ac, 1.0) / ac, 0.5).contiguous();
  const float* p = sigmas.data_ptr<float>();
  return std::vector<double>(p, p + sigmas.numel());
}

std::vector<float> logSigmaTable(const std::vector<double>& sigmas) {
  std::vector<float> out;
  out.reserve(sigmas.size());
  for (const double s : sigmas) out.push_back(std::log(static_cast<float>(s)));
  return out;
}

std::vector<double> karrasSigmas(double sigmaMin, double sigmaMax, int64_t numInferenceSteps) {
  constexpr double kRho = 7.0;  // the value of the Karras et al. paper
  const auto ramp = numpy::linspace(0, 1, numInferenceSteps);
  const double minInvRho = std::pow(sigmaMin, 1 / kRho);
  const double maxInvRho = std::pow(sigmaMax, 1 / kRho);
  std::vector<double> sigmas;
  for (const double r : ramp) sigmas.push_back(std::pow(maxInvRho + r * (minInvRho - maxInvRho), kRho));
  return sigmas;
}

double sigmaToT(double sigma, const std::vector<float>& logSigmas) {
  const auto n = static_cast<int64_t>(logSigmas.size());
  if (n < 2) throw Error("sigma table too short");
  // numpy casts the float64 log sigma to the float32 table's type.
  const auto logSigma = static_cast<float>(std::log(std::max(sigma, 1e-10)));
  // cumsum(dists >= 0).argmax(): the last index at or below log sigma (0 if none).
  int64_t low = 0;
  for (int64_t i = 0; i < n; ++i)
    if (logSigma - logSigmas[i] >= 0.0f) low = i;
  low = std::min(low, n - 2);
  const int64_t high = low + 1;
  const float lo = logSigmas[low];
  const float hi = logSigmas[high];
  float w = (lo - logSigma) / (lo - hi);
  w = std::clamp(w, 0.0f, 1.0f);
  return static_cast<double>(1.0f - w) * static_cast<double>(low) + static_cast<double>(w) * static_cast<double>(high);
}

TimestepSpacing timestepSpacing(const SchedulerConfig& config, TimestepSpacing classDefault) {
  if (!config.timestepSpacing) return classDefault;
  const auto& s = *config.timestepSpacing;
  if (s == "leading") return TimestepSpacing::Leading;
  if (s == "linspace") return TimestepSpacing::Linspace;
  if (s == "trailing") return TimestepSpacing::Trailing;
  throw Error("scheduler config: timestep_spacing '" + s + "' is not supported (leading, linspace, trailing)");
}

void checkInferenceSteps(int64_t numInferenceSteps, const SchedulerConfig& config, const char* scheduler) {
  if (numInferenceSteps < 1 || numInferenceSteps > config.numTrainTimesteps)
    throw Error(std::string(scheduler) + ": number of inference steps must be between 1 and " +
                std::to_string(config.numTrainTimesteps) + ", got " + std::to_string(numInferenceSteps));
}

std::vector<double> spacedTimesteps(TimestepSpacing spacing, const SchedulerConfig& config, int64_t numInferenceSteps,
                                    bool roundLinspace) {
  const int64_t t = config.numTrainTimesteps;
  const int64_t n = numInferenceSteps;
  std::vector<double> out;
  if (spacing == TimestepSpacing::Linspace) {
    out = numpy::linspace(0, static_cast<double>(t - 1), n);
    if (roundLinspace) out = numpy::round(out);
    return numpy::reversed(out);
  }
  if (spacing == TimestepSpacing::Leading) {
    const int64_t stepRatio = t / n;
    for (int64_t i = n - 1; i >= 0; --i) out.push_back(static_cast<double>(i * stepRatio + config.stepsOffset));
    return out;
  }
  const double stepRatio = static_cast<double>(t) / static_cast<double>(n);
  out = numpy::round(numpy::arange(static_cast<double>(t), 0, -stepRatio));
  for (auto& v : out) v -= 1;
  return out;
}

std::vector<double> multistepTimesteps(TimestepSpacing spacing, const SchedulerConfig& config,
                                       int64_t numInferenceSteps) {
  // lambda_min_clipped = -inf clips nothing: the last timestep is T.
  const int64_t last = config.numTrainTimesteps;
  const int64_t n = numInferenceSteps;
  std::vector<double> out;
  if (spacing == TimestepSpacing::Linspace) {
    out = numpy::reversed(numpy::round(numpy::linspace(0, static_cast<double>(last - 1), n + 1)));
    out.pop_back();
    return out;
  }
  if (spacing == TimestepSpacing::Leading) {
    const int64_t stepRatio = last / (n + 1);
    for (int64_t i = n; i >= 1; --i) out.push_back(static_cast<double>(i * stepRatio + config.stepsOffset));
    return out;
  }
  const double stepRatio = static_cast<double>(config.numTrainTimesteps) / static_cast<double>(n);
  out = numpy::round(numpy::arange(static_cast<double>(last), 0, -stepRatio));
  for (auto& v : out) v -= 1;
  return out;
}

at::Tensor tensorFromValues(const std::vector<double>& values, at::ScalarType dtype) {
  return at::tensor(values, at::TensorOptions().dtype(at::kDouble)).to(dtype);
}

PredictionType predictionType(const SchedulerConfig& config) {
  if (config.predictionType == "epsilon") return PredictionType::Epsilon;
  if (config.predictionType == "v_prediction") return PredictionType::VPrediction;
  if (config.predictionType == "sample") return PredictionType::Sample;
  throw Error("scheduler config: prediction_type '" + config.predictionType + "' is not supported");
}

at::Tensor broadcastTo(const at::Tensor& perSample, const at::Tensor& like) {
  auto out = perSample.flatten();
  while (out.dim() < like.dim()) out = out.unsqueeze(-1);
  return out;
}

at::Tensor addNoiseByAlphas(const at::Tensor& alphasCumprod, const at::Tensor& original, const at::Tensor& noise,
                            const at::Tensor& timesteps) {
  // The schedule and the timesteps live on the host: pick the step's values
  // there and copy those few numbers asynchronously (inpainting calls this
  // after every step; no device read, and no gather kernel per step).
  const auto t = timesteps.reshape({-1}).to(at::kLong);
  const auto at_t = t.device().is_cpu() && alphasCumprod.device().is_cpu()
                        ? toDeviceAsync(at::index_select(alphasCumprod, 0, t), original.device(), original.scalar_type())
                        : at::index_select(alphasCumprod.to(original.device()).to(original.scalar_type()), 0,
                                           t.to(original.device()));
  const auto sqrtAlphaProd = broadcastTo(at::pow(at_t, 0.5), original);
  const auto sqrtOneMinusAlphaProd = broadcastTo(at::pow(at::rsub(at_t, 1.0), 0.5), original);
  return sqrtAlphaProd * original + sqrtOneMinusAlphaProd * noise;
}

}  // namespace sd
