#include "core/nn/threaded_blas.h"

#include <algorithm>

#include <ATen/Parallel.h>
#include <ATen/ops/addmm.h>
#include <ATen/ops/baddbmm.h>
#include <ATen/ops/bmm.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/linear.h>
#include <ATen/ops/mm.h>

#include "core/nn/torch_parallel.h"
#include "core/util/threads.h"

namespace sd {

namespace {

// Below this many multiply-adds one thread is as quick as two (the
// tiny test models' layers, CLIP's short prompts).
constexpr int64_t kSplitAbove = int64_t{1} << 22;

bool worthSplitting(const at::Tensor& x, int64_t multiplyAdds) {
  // Only BLAS's types: bfloat16 products run in oneDNN, on torch's threads already.
  const bool blasType = x.scalar_type() == at::kFloat || x.scalar_type() == at::kDouble;
  return blasKeptSingleThreaded() && blasType && x.device().is_cpu() && at::get_num_threads() > 1 &&
         !at::in_parallel_region() && multiplyAdds >= kSplitAbove;
}

// Runs `part(begin, end)` over [0, count) in one piece per thread.
template <typename Part>
void acrossThreads(int64_t count, const Part& part) {
  const int64_t pieces = std::min<int64_t>(at::get_num_threads(), count);
  forEachOnTorchThreads(pieces, [&](int64_t piece) {
    part(count * piece / pieces, count * (piece + 1) / pieces);
  });
}

}  // namespace

at::Tensor threadedLinear(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias) {
  const int64_t inFeatures = weight.size(1), outFeatures = weight.size(0);
  const int64_t rows = x.numel() / std::max<int64_t>(inFeatures, 1);
  if (x.dim() < 2 || !worthSplitting(x, rows * inFeatures * outFeatures)) return at::linear(x, weight, bias);
  const auto flat = x.reshape({rows, inFeatures});
  const auto weightT = weight.t();
  auto out = at::empty({rows, outFeatures}, x.options());
  acrossThreads(rows, [&](int64_t begin, int64_t end) {
    auto slice = out.narrow(0, begin, end - begin);
    const auto input = flat.narrow(0, begin, end - begin);
    if (bias.defined())
      at::addmm_out(slice, bias, input, weightT);
    else
      at::mm_out(slice, input, weightT);
  });
  auto shape = x.sizes().vec();
  shape.back() = outFeatures;
  return out.view(shape);
}

void threadedBaddbmm(at::Tensor& out, const at::Tensor& a, const at::Tensor& b, double beta, double alpha) {
  if (!worthSplitting(out, a.numel() * b.size(-1))) {
    out.baddbmm_(a, b, beta, alpha);
    return;
  }
  acrossThreads(out.size(0), [&](int64_t begin, int64_t end) {
    out.narrow(0, begin, end - begin).baddbmm_(a.narrow(0, begin, end - begin), b.narrow(0, begin, end - begin), beta,
                                               alpha);
  });
}

void threadedBmm(at::Tensor& out, const at::Tensor& a, const at::Tensor& b) {
  if (!worthSplitting(out, a.numel() * b.size(-1))) {
    at::bmm_out(out, a, b);
    return;
  }
  acrossThreads(out.size(0), [&](int64_t begin, int64_t end) {
    auto slice = out.narrow(0, begin, end - begin);
    at::bmm_out(slice, a.narrow(0, begin, end - begin), b.narrow(0, begin, end - begin));
  });
}

}  // namespace sd
