#pragma once
// Attention in bfloat16 on CPUs with AVX-512 BF16, for the CPU's fast mode.
// No torch here: raw pointers and strides, so this file compiles in a
// second and the torch side (attention.cpp) only hands it tensors.
//
// Why a kernel of our own: LibTorch's CPU attention (SDPA, or bmm +
// softmax) runs no faster in bfloat16 than in float32, and at 4096 tokens
// with 40-wide heads attention was a third of the fast mode's UNet step.
// Here the products use the CPU's bfloat16 dot-product instruction
// (vdpbf16ps: pairs of bfloat16 multiplied, summed into float32), and the
// softmax is computed online per block of keys (as in FlashAttention), so
// no score matrix is ever stored: a block of query rows meets every key
// while its scores sit in L1.
//
// Numerics: q·kᵀ and p·v accumulate in float32; the probabilities are
// rounded to bfloat16 before p·v (as SDPA's bfloat16 path does); the row
// sums and the running maxima stay float32; exp is a degree-5 polynomial
// (relative error ~2e-6, far below bfloat16's 4e-3).
#include <cstdint>
#include <functional>

namespace sd {

// A [B, H, T, D] operand of bfloat16 values (raw bits) given by strides in
// elements; the last dimension is contiguous.
struct Bf16Operand {
  const std::uint16_t* data = nullptr;
  std::int64_t batchStride = 0, headStride = 0, rowStride = 0;
};

struct Bf16AttentionProblem {
  std::int64_t batch = 0, heads = 0, queries = 0, keys = 0, dim = 0;
  Bf16Operand q, k, v;
  std::uint16_t* out = nullptr;  // [B, H, Tq, D] by the strides below
  std::int64_t outBatchStride = 0, outHeadStride = 0, outRowStride = 0;
  float scale = 1.0f;
};

// Runs fn(begin, end) over [0, count) on the caller's threads.
using ParallelFor = std::function<void(std::int64_t count, const std::function<void(std::int64_t, std::int64_t)>& fn)>;

// True when this build has the kernel and this CPU runs it.
bool bf16AttentionAvailable();
// The head widths the kernel takes: even, at most kMaxBf16AttentionDim.
constexpr std::int64_t kMaxBf16AttentionDim = 512;
bool bf16AttentionSupportsDim(std::int64_t dim);

// out = softmax(scale · q·kᵀ) · v per batch and head, without a mask.
// Requires bf16AttentionAvailable() and a supported dim.
void runBf16Attention(const Bf16AttentionProblem& problem, const ParallelFor& parallelFor);

}  // namespace sd
