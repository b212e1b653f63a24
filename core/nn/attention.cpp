#include "core/nn/attention.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/nn/aten.h"
#include <ATen/ops/baddbmm.h>
#include <ATen/ops/bmm.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/zeros.h>
#include <ATen/ops/softmax.h>

#if __has_include(<ATen/ops/scaled_dot_product_attention.h>)
#include <ATen/ops/scaled_dot_product_attention.h>
#include <torch/version.h>
#define SD_HAS_SDPA 1
// The `scale` argument arrived in 2.1; before that SDPA always uses 1/√D.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
#define SD_SDPA_HAS_SCALE 1
#endif
#endif

namespace sd {

bool hasFusedAttention() {
#ifdef SD_HAS_SDPA
  return true;
#else
  return false;
#endif
}

at::Tensor chunkedAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask,
                            double scale, int64_t scoreBudgetBytes) {
  const int64_t batch = q.size(0), queries = q.size(1), keys = k.size(1);
  const int64_t rowBytes = batch * keys * static_cast<int64_t>(q.element_size());
  const int64_t chunk = std::clamp<int64_t>(scoreBudgetBytes / std::max<int64_t>(rowBytes, 1), 1, queries);
  const auto kT = k.transpose(1, 2);
  std::vector<at::Tensor> outputs;
  for (int64_t start = 0; start < queries; start += chunk) {
    const int64_t len = std::min(chunk, queries - start);
    const auto qChunk = q.narrow(1, start, len);
    // diffusers AttnProcessor: baddbmm(empty, q, kᵀ, beta=0, alpha=scale). Here
    // zeros with beta=1 (the same numbers, 0 + x = x): at beta=0 LibTorch
    // 1.13's small-matrix CPU kernel reads its own uninitialised output
    // buffer, so stale NaNs leaked into short CLIP prompts' scores.
    auto scores = at::baddbmm(at::zeros({batch, len, keys}, q.options()), qChunk, kT, 1.0, scale);
    if (mask.defined()) scores = scores + (mask.size(-2) == 1 ? mask : mask.narrow(-2, start, len));
    outputs.push_back(at::bmm(at::softmax(scores, -1), v));
  }
  return outputs.size() == 1 ? outputs.front() : at::cat(outputs, 1);
}

at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask,
                     double scale, int64_t scoreBudgetBytes) {
#ifdef SD_HAS_SDPA
#ifdef SD_SDPA_HAS_SCALE
  return at::scaled_dot_product_attention(q, k, v, mask, 0.0, false, scale);
#else
  const double defaultScale = 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
  if (std::abs(scale - defaultScale) <= 1e-12 * defaultScale)
    return at::scaled_dot_product_attention(q, k, v, mask, 0.0, false);
#endif
#endif
  return chunkedAttention(q, k, v, mask, scale, scoreBudgetBytes);
}

at::Tensor splitHeads(const at::Tensor& x, int64_t heads) {
  const int64_t b = x.size(0), t = x.size(1), c = x.size(2);
  return x.reshape({b, t, heads, c / heads}).permute({0, 2, 1, 3}).reshape({b * heads, t, c / heads});
}

at::Tensor mergeHeads(const at::Tensor& x, int64_t heads) {
  const int64_t bh = x.size(0), t = x.size(1), d = x.size(2);
  return x.reshape({bh / heads, heads, t, d}).permute({0, 2, 1, 3}).reshape({bh / heads, t, heads * d});
}

}  // namespace sd
