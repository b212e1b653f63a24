#include "core/nn/attention.h"

#include <algorithm>
#include <vector>

#include "core/nn/aten.h"
#include <ATen/record_function.h>
#include "core/nn/bf16_attention_kernel.h"
#include "core/nn/threaded_blas.h"
#include "core/nn/torch_parallel.h"
#include "core/nn/torch_features.h"
#include <ATen/ops/baddbmm.h>
#include <ATen/ops/bmm.h>
#include <ATen/ops/_softmax.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/empty_like.h>
#if SD_TORCH_HAS_SDPA
#include <ATen/ops/scaled_dot_product_attention.h>
#endif

#include "core/util/error.h"
#include "core/util/interruption.h"

namespace sd {

namespace {

void checkShapes(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v) {
  if (q.dim() != 4 || k.dim() != 4 || v.dim() != 4 || k.sizes() != v.sizes() || q.size(0) != k.size(0) ||
      q.size(1) != k.size(1) || q.size(3) != k.size(3))
    throw Error("attention: q, k, v must be [B, heads, T, D] with matching B, heads and D");
}

// [B, H, T, D] → [B·H, T, D] (copies a transposed view).
at::Tensor foldHeads(const at::Tensor& x) { return x.reshape({x.size(0) * x.size(1), x.size(2), x.size(3)}); }

// The CPU's fast mode: bfloat16 without a mask on a CPU with AVX-512 BF16
// (see bf16_attention_kernel.h for why not LibTorch's own).
bool takesBf16Kernel(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask) {
  static const bool available = bf16AttentionAvailable();
  return available && !mask.defined() && q.device().is_cpu() && q.scalar_type() == at::kBFloat16 &&
         k.scalar_type() == at::kBFloat16 && v.scalar_type() == at::kBFloat16 && bf16AttentionSupportsDim(q.size(3));
}

Bf16Operand bf16Operand(const at::Tensor& x) {
  return {static_cast<const std::uint16_t*>(x.data_ptr()), x.stride(0), x.stride(1), x.stride(2)};
}

at::Tensor bf16KernelAttention(const at::Tensor& q4, const at::Tensor& k4, const at::Tensor& v4, double scale) {
  RECORD_FUNCTION("sd::bf16_flash_attention", std::vector<c10::IValue>());  // "attention" in bench --profile
  // The kernel takes any strides but needs each row's channels contiguous.
  auto rowsContiguous = [](const at::Tensor& x) { return x.stride(3) == 1 ? x : x.contiguous(); };
  const auto q = rowsContiguous(q4), k = rowsContiguous(k4), v = rowsContiguous(v4);
  const int64_t batch = q.size(0), heads = q.size(1), queries = q.size(2), dim = q.size(3);
  // Written as [B, Tq, H, D] and returned transposed: mergeHeads() then
  // folds the heads back without a copy.
  auto out = at::empty({batch, queries, heads, dim}, q.options());
  Bf16AttentionProblem problem;
  problem.batch = batch;
  problem.heads = heads;
  problem.queries = queries;
  problem.keys = k.size(2);
  problem.dim = dim;
  problem.q = bf16Operand(q);
  problem.k = bf16Operand(k);
  problem.v = bf16Operand(v);
  problem.out = static_cast<std::uint16_t*>(out.data_ptr());
  problem.outBatchStride = out.stride(0);
  problem.outHeadStride = out.stride(2);
  problem.outRowStride = out.stride(1);
  problem.scale = static_cast<float>(scale);
  runBf16Attention(problem, [](int64_t count, const std::function<void(int64_t, int64_t)>& fn) {
    forEachOnTorchThreads(count, [&](int64_t i) { fn(i, i + 1); });
  });
  return out.transpose(1, 2);
}

}  // namespace

bool hasFusedAttention() { return SD_TORCH_HAS_SDPA; }

at::Tensor chunkedAttention(const at::Tensor& q4, const at::Tensor& k4, const at::Tensor& v4, const at::Tensor& mask,
                            double scale, int64_t scoreBudgetBytes) {
  checkShapes(q4, k4, v4);
  const int64_t batch = q4.size(0), heads = q4.size(1), queries = q4.size(2), keys = k4.size(2);
  const auto q = foldHeads(q4), v = foldHeads(v4);
  const auto kT = foldHeads(k4).transpose(1, 2);
  // The mask broadcast to [B, H, Tq, Tk] and folded like the scores; expand()
  // is a view, so only the rows a chunk needs are ever materialised.
  const auto fullMask = mask.defined() ? mask.expand({batch, heads, mask.size(-2), keys}) : at::Tensor();
  const int64_t rowBytes = batch * heads * keys * static_cast<int64_t>(q.element_size());
  const int64_t chunk = std::clamp<int64_t>(scoreBudgetBytes / std::max<int64_t>(rowBytes, 1), 1, queries);
  // Every chunk writes into the same two score buffers and the output: a
  // fresh 256 MB tensor per chunk costs the kernel's zeroed pages (glibc
  // maps big blocks anew each time), which measured slower than the maths.
  const auto options = q.options();
  auto scoreBuffer = at::empty({batch * heads, chunk, keys}, options);
  auto probabilityBuffer = at::empty({batch * heads, chunk, keys}, options);
  auto chunkOutput = at::empty({batch * heads, chunk, v.size(-1)}, options);
  auto out = at::empty({batch * heads, queries, v.size(-1)}, options);
  for (int64_t start = 0; start < queries; start += chunk) {
    const int64_t len = std::min(chunk, queries - start);
    interruptionPoint();
    if (len < chunk) {  // the last, shorter chunk: contiguous buffers of its own size
      scoreBuffer = at::empty({batch * heads, len, keys}, options);
      probabilityBuffer = at::empty_like(scoreBuffer);
      chunkOutput = at::empty({batch * heads, len, v.size(-1)}, options);
    }
    // diffusers AttnProcessor: baddbmm(empty, q, kᵀ, beta=0, alpha=scale). Here
    // zeros with beta=1 (the same numbers, 0 + x = x): at beta=0 LibTorch
    // 1.13's small-matrix CPU kernel reads its own uninitialised output
    // buffer, so stale NaNs leaked into short CLIP prompts' scores.
    threadedBaddbmm(scoreBuffer.zero_(), q.narrow(1, start, len), kT, 1.0, scale);
    if (fullMask.defined()) {
      const auto rows = fullMask.size(-2) == 1 ? fullMask : fullMask.narrow(-2, start, len);
      scoreBuffer.add_(rows.reshape({batch * heads, rows.size(-2), keys}));
    }
    at::_softmax_out(probabilityBuffer, scoreBuffer, -1, false);
    interruptionPoint();  // at 4096 tokens a chunk is most of a second on two cores: split it
    threadedBmm(chunkOutput, probabilityBuffer, v);
    out.narrow(1, start, len).copy_(chunkOutput);
  }
  return out.view({batch, heads, queries, out.size(-1)});
}

at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask,
                     double scale, int64_t scoreBudgetBytes) {
  checkShapes(q, k, v);
  if (takesBf16Kernel(q, k, v, mask)) return bf16KernelAttention(q, k, v, scale);
#if SD_TORCH_HAS_SDPA
  // An absent mask must be nullopt: SDPA rejects an undefined tensor.
  const auto optionalMask = mask.defined() ? c10::optional<at::Tensor>(mask) : c10::optional<at::Tensor>();
  return at::scaled_dot_product_attention(q, k, v, optionalMask, 0.0, false, scale);
#else
  return chunkedAttention(q, k, v, mask, scale, scoreBudgetBytes);
#endif
}

at::Tensor splitHeads(const at::Tensor& x, int64_t heads) {
  const int64_t b = x.size(0), t = x.size(1), c = x.size(2);
  return x.view({b, t, heads, c / heads}).transpose(1, 2);
}

at::Tensor mergeHeads(const at::Tensor& x) {
  const int64_t b = x.size(0), h = x.size(1), t = x.size(2), d = x.size(3);
  return x.transpose(1, 2).reshape({b, t, h * d});
}

}  // namespace sd
