#pragma once
// The leaf layers every architecture is built from, as functional ATen calls
// over registered weights (torch.nn names: weight, bias).
#include "core/nn/module.h"

namespace sd {

class Linear : public Module {
 public:
  Linear(int64_t inFeatures, int64_t outFeatures, bool bias = true);
  at::Tensor operator()(const at::Tensor& x) const;
  at::Tensor weight, bias;  // [out, in], [out]
};

class Conv2d : public Module {
 public:
  Conv2d(int64_t inChannels, int64_t outChannels, int64_t kernel, int64_t stride = 1, int64_t padding = 0,
         bool bias = true);
  at::Tensor operator()(const at::Tensor& x) const;
  at::Tensor weight, bias;  // [out, in, k, k], [out]

 private:
  int64_t m_stride, m_padding;
};

class GroupNorm : public Module {
 public:
  GroupNorm(int64_t groups, int64_t channels, double eps);
  at::Tensor operator()(const at::Tensor& x) const;
  at::Tensor weight, bias;

 private:
  int64_t m_groups;
  double m_eps;
};

class LayerNorm : public Module {
 public:
  LayerNorm(int64_t features, double eps);
  at::Tensor operator()(const at::Tensor& x) const;
  at::Tensor weight, bias;

 private:
  int64_t m_features;
  double m_eps;
};

class Embedding : public Module {
 public:
  Embedding(int64_t count, int64_t dim);
  at::Tensor operator()(const at::Tensor& ids) const;
  at::Tensor weight;  // [count, dim]
};

// SiLU written over `x`, for an activation nothing else holds (a norm's fresh
// output): at 512² the decoder's activations are 134 MB each, and a new
// block that size costs freshly zeroed pages on every call.
at::Tensor siluInPlace(at::Tensor x);

}  // namespace sd
