#include "core/nn/layers.h"

#include <ATen/ops/conv2d.h>
#include <ATen/ops/embedding.h>
#include <ATen/ops/group_norm.h>
#include <ATen/ops/layer_norm.h>
#include <ATen/ops/silu.h>

#include "core/nn/banded_conv.h"
#include "core/nn/threaded_blas.h"

namespace sd {

Linear::Linear(int64_t inFeatures, int64_t outFeatures, bool hasBias) {
  registerParameter("weight", weight, {outFeatures, inFeatures});
  if (hasBias) registerParameter("bias", bias, {outFeatures});
}

at::Tensor Linear::operator()(const at::Tensor& x) const { return threadedLinear(x, weight, bias); }

Conv2d::Conv2d(int64_t inChannels, int64_t outChannels, int64_t kernel, int64_t stride, int64_t padding, bool hasBias)
    : m_stride(stride), m_padding(padding) {
  registerParameter("weight", weight, {outChannels, inChannels, kernel, kernel});
  if (hasBias) registerParameter("bias", bias, {outChannels});
}

at::Tensor Conv2d::operator()(const at::Tensor& x) const {
  // The biggest CPU convolutions run in bands so that a cancel can land inside them.
  const int64_t bands = convRowBands(x, weight, m_stride);
  if (bands > 1) return conv2dInRowBands(x, weight, bias, m_stride, m_padding, bands);
  return at::conv2d(x, weight, bias, {m_stride, m_stride}, {m_padding, m_padding});
}

GroupNorm::GroupNorm(int64_t groups, int64_t channels, double eps) : m_groups(groups), m_eps(eps) {
  registerParameter("weight", weight, {channels});
  registerParameter("bias", bias, {channels});
}

at::Tensor GroupNorm::operator()(const at::Tensor& x) const { return at::group_norm(x, m_groups, weight, bias, m_eps); }

LayerNorm::LayerNorm(int64_t features, double eps) : m_features(features), m_eps(eps) {
  registerParameter("weight", weight, {features});
  registerParameter("bias", bias, {features});
}

at::Tensor LayerNorm::operator()(const at::Tensor& x) const {
  return at::layer_norm(x, {m_features}, weight, bias, m_eps);
}

Embedding::Embedding(int64_t count, int64_t dim) { registerParameter("weight", weight, {count, dim}); }

at::Tensor Embedding::operator()(const at::Tensor& ids) const { return at::embedding(weight, ids); }

at::Tensor siluInPlace(at::Tensor x) {
  at::silu_(x);
  return x;
}

}  // namespace sd
