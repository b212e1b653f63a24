#include "core/schedulers/sigma_scheduler.h"

#include <ATen/ops/cat.h>
#include <ATen/ops/eq.h>
#include <ATen/ops/max.h>
#include <ATen/ops/zeros.h>
#include <ATen/ops/index_select.h>
#include <ATen/ops/nonzero.h>
#include <ATen/ops/pow.h>
#include <ATen/ops/reciprocal.h>
#include <ATen/ops/select.h>
#include <ATen/ops/tensor.h>

#include "core/nn/device_copy.h"
#include "core/schedulers/numpy_like.h"
#include "core/util/error.h"

namespace sd {

SigmaScheduler::SigmaScheduler(const SchedulerConfig& config, const char* name)
    : m_config(config), m_name(name), m_predictionType(predictionType(config)) {
  m_alphasCumprod = makeAlphasCumprod(makeBetas(config));
}

void SigmaScheduler::resetStepIndex() {
  m_stepIndex = -1;
  m_beginIndex = -1;
}

void SigmaScheduler::requireTimesteps() const {
  if (!m_timesteps.defined()) throw Error(std::string(m_name) + ": setTimesteps must be called before stepping");
}

int64_t SigmaScheduler::indexForTimestep(const at::Tensor& timestep) const {
  const auto candidates = at::nonzero(at::eq(m_timesteps, timestep.to(at::kCPU).reshape({})));
  const int64_t count = candidates.size(0);
  if (count == 0) {
    if (m_missingTimestep == MissingTimestep::LastIndex) return m_timesteps.size(0) - 1;
    throw Error(std::string(m_name) + ": timestep " + std::to_string(timestep.item<double>()) +
                " is not one of the scheduler's timesteps");
  }
  // A duplicated first timestep means img2img started mid-schedule: diffusers
  // takes the second occurrence so no sigma is skipped.
  return candidates[count > 1 ? 1 : 0][0].item<int64_t>();
}

void SigmaScheduler::initStepIndexIfNeeded(const at::Tensor& timestep) {
  requireTimesteps();
  if (m_stepIndex >= 0) return;
  m_stepIndex = m_beginIndex >= 0 ? m_beginIndex : indexForTimestep(timestep);
}

at::Tensor SigmaScheduler::sigmaAt(int64_t index) const {
  if (index < 0 || index >= m_sigmas.size(0))
    throw Error(std::string(m_name) + ": step " + std::to_string(index) + " is past the end of the schedule (" +
                std::to_string(m_sigmas.size(0) - 1) + " steps)");
  return m_sigmas.select(0, index);
}

at::Tensor SigmaScheduler::noised(const at::Tensor& original, const at::Tensor& noise, const at::Tensor& sigma) const {
  return original + noise * sigma;
}

at::Tensor SigmaScheduler::addNoise(const at::Tensor& original, const at::Tensor& noise, const at::Tensor& timestep) {
  requireTimesteps();
  const auto flat = timestep.reshape({-1});
  std::vector<int64_t> indices;
  for (int64_t i = 0; i < flat.size(0); ++i) {
    if (m_beginIndex < 0)
      indices.push_back(indexForTimestep(flat[i]));
    else if (m_stepIndex >= 0)
      indices.push_back(m_stepIndex);  // inpainting: after the first step
    else
      indices.push_back(m_beginIndex);  // img2img: before the first step
  }
  // Sigmas are host bookkeeping: select there, copy the few values
  // asynchronously (inpainting calls this after every step).
  const auto index = at::tensor(indices, at::TensorOptions().dtype(at::kLong));
  const auto picked = at::index_select(m_sigmas.to(at::kCPU), 0, index);
  const auto sigma = broadcastTo(toDeviceAsync(picked, original.device(), original.scalar_type()), original);
  return noised(original, noise, sigma);
}

void SigmaScheduler::setKarrasStyleSchedule(int64_t numInferenceSteps, TimestepSpacing spacing) {
  checkInferenceSteps(numInferenceSteps, m_config, m_name);
  // The timesteps are float32 before np.interp widens them again.
  m_timesteps = tensorFromValues(spacedTimesteps(spacing, m_config, numInferenceSteps, false), at::kFloat);
  const auto t32 = m_timesteps.to(at::kDouble).contiguous();
  const std::vector<double> t(t32.data_ptr<double>(), t32.data_ptr<double>() + t32.numel());
  auto sigmas = numpy::interp(t, sigmaTable(m_alphasCumprod));
  sigmas.push_back(0.0);
  m_sigmas = tensorFromValues(sigmas, at::kFloat);
  resetStepIndex();
}

double SigmaScheduler::karrasStyleInitNoiseSigma(TimestepSpacing spacing) const {
  const auto sigmas = m_sigmas.defined() ? m_sigmas : tensorFromValues(sigmaTable(m_alphasCumprod), at::kFloat);
  const auto maxSigma = sigmas.max();
  if (spacing == TimestepSpacing::Linspace || spacing == TimestepSpacing::Trailing) return maxSigma.item<double>();
  return at::pow(at::pow(maxSigma, 2) + 1, 0.5).item<double>();
}

at::Tensor SigmaScheduler::scaleBySigma(const at::Tensor& sample, const at::Tensor& timestep) {
  initStepIndexIfNeeded(timestep);
  const auto sigma = sigmaAt(m_stepIndex);
  return sample / at::pow(at::pow(sigma, 2) + 1, 0.5);
}

at::Tensor SigmaScheduler::predictOriginal(const at::Tensor& modelOutput, const at::Tensor& sample,
                                           const at::Tensor& sigmaEps, const at::Tensor& sigmaV) const {
  switch (m_predictionType) {
    case PredictionType::Epsilon:
      return sample - sigmaEps * modelOutput;
    case PredictionType::VPrediction: {
      // denoised = model_output * c_out + input * c_skip
      const auto sigmaSqPlusOne = at::pow(sigmaV, 2) + 1;
      return modelOutput * (-sigmaV / at::pow(sigmaSqPlusOne, 0.5)) + sample / sigmaSqPlusOne;
    }
    case PredictionType::Sample:
      break;
  }
  return modelOutput;
}

std::pair<at::Tensor, at::Tensor> sigmaToAlphaSigmaT(const at::Tensor& sigma) {
  const auto alphaT = at::reciprocal(at::pow(at::pow(sigma, 2) + 1, 0.5));
  return {alphaT, sigma * alphaT};
}

}  // namespace sd
