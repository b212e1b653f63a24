#include "core/nn/bf16_attention_kernel.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SD_BF16_ATTENTION_KERNEL 1
#include <immintrin.h>
#else
#define SD_BF16_ATTENTION_KERNEL 0
#endif

namespace sd {

bool bf16AttentionSupportsDim(std::int64_t dim) { return dim > 0 && dim % 2 == 0 && dim <= kMaxBf16AttentionDim; }

#if SD_BF16_ATTENTION_KERNEL

namespace {

// Only these functions use AVX-512; the rest of the program runs on any
// x86-64, and bf16AttentionAvailable() asks the CPU before they are called.
#define SD_AVX512_BF16 __attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))

constexpr int kRows = 6;               // query rows per tile: 6 rows × 4 vectors = 24 accumulators
constexpr std::int64_t kKeyChunk = 64;  // keys per score tile (4 vectors of 16 lanes)
constexpr std::int64_t kKeyBlock = 256;  // keys per online-softmax block (its scores stay in L1)
constexpr std::int64_t kQueryBlock = 16 * kRows;  // query rows per parallel task
constexpr std::int64_t kLanes = 16;

std::int64_t roundUp(std::int64_t x, std::int64_t multiple) { return (x + multiple - 1) / multiple * multiple; }

// Keys and values repacked once per head in the order the dot-product
// instruction reads them: it multiplies lane by lane pairs of bfloat16, so
// a key vector holds 16 keys × 2 adjacent head channels, a value vector 16
// head channels × 2 adjacent keys. Padding (keys to a whole tile, channels
// to whole vectors) is zero.
struct HeadLayout {
  std::int64_t dim, pairs, keysPadded, dimPadded;
  std::int64_t keyElements() const { return pairs * keysPadded * 2; }
  std::int64_t valueElements() const { return keysPadded / 2 * dimPadded * 2; }
};

void packKeys(const std::uint16_t* k, std::int64_t rowStride, std::int64_t keys, const HeadLayout& l,
              std::uint16_t* out) {
  std::fill(out, out + l.keyElements(), std::uint16_t{0});
  for (std::int64_t j = 0; j < keys; ++j) {
    const std::uint16_t* row = k + j * rowStride;
    for (std::int64_t p = 0; p < l.pairs; ++p) {
      out[(p * l.keysPadded + j) * 2] = row[2 * p];
      out[(p * l.keysPadded + j) * 2 + 1] = row[2 * p + 1];
    }
  }
}

void packValues(const std::uint16_t* v, std::int64_t rowStride, std::int64_t keys, const HeadLayout& l,
                std::uint16_t* out) {
  std::fill(out, out + l.valueElements(), std::uint16_t{0});
  for (std::int64_t j = 0; j < keys; ++j) {
    const std::uint16_t* row = v + j * rowStride;
    std::uint16_t* pair = out + (j / 2) * l.dimPadded * 2 + (j % 2);
    for (std::int64_t d = 0; d < l.dim; ++d) pair[d * 2] = row[d];
  }
}

SD_AVX512_BF16 inline __m512bh asBf16Pairs(__m512i bits) { return (__m512bh)bits; }

// 2^x for x ≤ 0: 2^round(x) · 2^f with f in [-0.5, 0.5] by its Taylor
// polynomial to degree 5 (relative error < 3e-6). Far below the maximum
// the result flushes to ~0 rather than NaN (-inf - m is clamped first).
SD_AVX512_BF16 inline __m512 exp2NonPositive(__m512 x) {
  x = _mm512_max_ps(x, _mm512_set1_ps(-126.0f));
  const __m512 n = _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  const __m512 f = _mm512_sub_ps(x, n);
  __m512 p = _mm512_set1_ps(1.3333558e-3f);
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(9.6181291e-3f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.5504109e-2f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.4022651e-1f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(6.9314718e-1f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
  return _mm512_scalef_ps(p, n);
}

// scores[r][col0 .. col0+64) = factor · q_r · k_j for the 64 keys from j0.
SD_AVX512_BF16 void scoreTile(const std::uint32_t* queryPairs, const std::uint16_t* packedKeys, const HeadLayout& l,
                              std::int64_t j0, float factor, float* scores, std::int64_t col0) {
  __m512 acc[kRows][4];
  for (auto& row : acc)
    for (auto& a : row) a = _mm512_setzero_ps();
  for (std::int64_t p = 0; p < l.pairs; ++p) {
    const std::uint16_t* keys = packedKeys + (p * l.keysPadded + j0) * 2;
    __m512bh k[4];
    for (int c = 0; c < 4; ++c) k[c] = asBf16Pairs(_mm512_loadu_si512(keys + c * 2 * kLanes));
    for (int r = 0; r < kRows; ++r) {
      const __m512bh q = asBf16Pairs(_mm512_set1_epi32(static_cast<int>(queryPairs[r * l.pairs + p])));
      for (int c = 0; c < 4; ++c) acc[r][c] = _mm512_dpbf16_ps(acc[r][c], q, k[c]);
    }
  }
  const __m512 f = _mm512_set1_ps(factor);
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < 4; ++c) _mm512_storeu_ps(scores + r * kKeyBlock + col0 + c * kLanes, _mm512_mul_ps(acc[r][c], f));
}

// out[r][d0 .. d0+16·N) += Σ_j p_r,j · v_j over the block's keys.
template <int N>
SD_AVX512_BF16 void valueTile(const std::uint16_t* probabilities, std::int64_t keyPairs, const std::uint16_t* packedValues,
                              const HeadLayout& l, std::int64_t d0, float* out) {
  __m512 acc[kRows][N];
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < N; ++c) acc[r][c] = _mm512_loadu_ps(out + r * l.dimPadded + d0 + c * kLanes);
  for (std::int64_t q = 0; q < keyPairs; ++q) {
    const std::uint16_t* values = packedValues + (q * l.dimPadded + d0) * 2;
    __m512bh v[N];
    for (int c = 0; c < N; ++c) v[c] = asBf16Pairs(_mm512_loadu_si512(values + c * 2 * kLanes));
    for (int r = 0; r < kRows; ++r) {
      std::uint32_t pair;
      std::memcpy(&pair, probabilities + r * kKeyBlock + 2 * q, sizeof pair);
      const __m512bh p = asBf16Pairs(_mm512_set1_epi32(static_cast<int>(pair)));
      for (int c = 0; c < N; ++c) acc[r][c] = _mm512_dpbf16_ps(acc[r][c], p, v[c]);
    }
  }
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < N; ++c) _mm512_storeu_ps(out + r * l.dimPadded + d0 + c * kLanes, acc[r][c]);
}

SD_AVX512_BF16 void accumulateValues(const std::uint16_t* probabilities, std::int64_t keyPairs,
                                     const std::uint16_t* packedValues, const HeadLayout& l, float* out) {
  for (std::int64_t d0 = 0; d0 < l.dimPadded; d0 += 4 * kLanes) {
    switch (std::min<std::int64_t>(4, (l.dimPadded - d0) / kLanes)) {
      case 4: valueTile<4>(probabilities, keyPairs, packedValues, l, d0, out); break;
      case 3: valueTile<3>(probabilities, keyPairs, packedValues, l, d0, out); break;
      case 2: valueTile<2>(probabilities, keyPairs, packedValues, l, d0, out); break;
      default: valueTile<1>(probabilities, keyPairs, packedValues, l, d0, out); break;
    }
  }
}

// The online softmax of one row over one block of `width` scores (a
// multiple of 64, in log2 units): raises the running maximum, rescales the
// row's sum and output by what the maximum moved, turns the scores into
// probabilities and rounds them to bfloat16 for the value products.
SD_AVX512_BF16 void softmaxBlockRow(float* scores, std::int64_t width, float& runningMax, float& runningSum,
                                    float* outRow, std::int64_t dimPadded, std::uint16_t* probabilities) {
  __m512 m = _mm512_set1_ps(-std::numeric_limits<float>::infinity());
  for (std::int64_t c = 0; c < width; c += kLanes) m = _mm512_max_ps(m, _mm512_loadu_ps(scores + c));
  const float newMax = std::max(runningMax, _mm512_reduce_max_ps(m));
  const float rescale = std::exp2(runningMax - newMax);
  runningMax = newMax;
  const __m512 maxVec = _mm512_set1_ps(newMax);
  __m512 sum = _mm512_setzero_ps();
  for (std::int64_t c = 0; c < width; c += 2 * kLanes) {
    const __m512 lo = exp2NonPositive(_mm512_sub_ps(_mm512_loadu_ps(scores + c), maxVec));
    const __m512 hi = exp2NonPositive(_mm512_sub_ps(_mm512_loadu_ps(scores + c + kLanes), maxVec));
    sum = _mm512_add_ps(sum, _mm512_add_ps(lo, hi));
    _mm512_storeu_si512(probabilities + c, (__m512i)_mm512_cvtne2ps_pbh(hi, lo));
  }
  runningSum = runningSum * rescale + _mm512_reduce_add_ps(sum);
  if (rescale != 1.0f) {
    const __m512 s = _mm512_set1_ps(rescale);
    for (std::int64_t d = 0; d < dimPadded; d += kLanes) _mm512_storeu_ps(outRow + d, _mm512_mul_ps(_mm512_loadu_ps(outRow + d), s));
  }
}

SD_AVX512_BF16 void storeRow(const float* row, float inverseSum, std::int64_t dim, std::uint16_t* out) {
  const __m512 s = _mm512_set1_ps(inverseSum);
  for (std::int64_t d = 0; d < dim; d += kLanes) {
    const auto lanes = static_cast<unsigned>(std::min<std::int64_t>(kLanes, dim - d));
    const __mmask16 mask = static_cast<__mmask16>((1u << lanes) - 1u);
    const __m256bh values = _mm512_cvtneps_pbh(_mm512_mul_ps(_mm512_loadu_ps(row + d), s));
    _mm256_mask_storeu_epi16(out + d, mask, (__m256i)values);
  }
}

struct PackedOperands {
  HeadLayout layout;
  std::unique_ptr<std::uint16_t[]> keys, values;  // per head, back to back
};

// `kRows` query rows (fewer at the end: the rest are zero and dropped)
// against every key of their head.
SD_AVX512_BF16 void attendRows(const Bf16AttentionProblem& pr, const PackedOperands& packed, std::int64_t head,
                               std::int64_t row0) {
  const HeadLayout& l = packed.layout;
  const std::int64_t b = head / pr.heads, h = head % pr.heads;
  const int rows = static_cast<int>(std::min<std::int64_t>(kRows, pr.queries - row0));
  alignas(64) std::uint32_t queryPairs[kRows * kMaxBf16AttentionDim / 2];
  alignas(64) float scores[kRows * kKeyBlock];
  alignas(64) std::uint16_t probabilities[kRows * kKeyBlock];
  alignas(64) float out[kRows * (kMaxBf16AttentionDim + kLanes)];
  float runningMax[kRows], runningSum[kRows];
  for (int r = 0; r < kRows; ++r) {
    runningMax[r] = -std::numeric_limits<float>::infinity();
    runningSum[r] = 0.0f;
    std::uint32_t* dest = queryPairs + r * l.pairs;
    if (r < rows)
      std::memcpy(dest, pr.q.data + b * pr.q.batchStride + h * pr.q.headStride + (row0 + r) * pr.q.rowStride,
                  static_cast<std::size_t>(l.dim) * sizeof(std::uint16_t));
    else
      std::fill(dest, dest + l.pairs, 0u);
  }
  std::fill(out, out + kRows * l.dimPadded, 0.0f);
  const std::uint16_t* keys = packed.keys.get() + head * l.keyElements();
  const std::uint16_t* values = packed.values.get() + head * l.valueElements();
  const float factor = pr.scale * static_cast<float>(M_LOG2E);  // softmax in base 2
  for (std::int64_t j0 = 0; j0 < l.keysPadded; j0 += kKeyBlock) {
    const std::int64_t width = std::min(kKeyBlock, l.keysPadded - j0);
    for (std::int64_t c = 0; c < width; c += kKeyChunk) scoreTile(queryPairs, keys, l, j0 + c, factor, scores, c);
    const std::int64_t realKeys = std::min(width, pr.keys - j0);
    for (int r = 0; r < kRows; ++r) {
      std::fill(scores + r * kKeyBlock + realKeys, scores + r * kKeyBlock + width, -std::numeric_limits<float>::infinity());
      softmaxBlockRow(scores + r * kKeyBlock, width, runningMax[r], runningSum[r], out + r * l.dimPadded, l.dimPadded,
                      probabilities + r * kKeyBlock);
    }
    accumulateValues(probabilities, width / 2, values + (j0 / 2) * l.dimPadded * 2, l, out);
  }
  for (int r = 0; r < rows; ++r)
    storeRow(out + r * l.dimPadded, 1.0f / runningSum[r], l.dim,
             pr.out + b * pr.outBatchStride + h * pr.outHeadStride + (row0 + r) * pr.outRowStride);
}

}  // namespace

bool bf16AttentionAvailable() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bf16");
}

void runBf16Attention(const Bf16AttentionProblem& pr, const ParallelFor& parallelFor) {
  PackedOperands packed;
  auto& l = packed.layout;
  l.dim = pr.dim;
  l.pairs = pr.dim / 2;
  l.keysPadded = roundUp(pr.keys, kKeyChunk);
  l.dimPadded = roundUp(pr.dim, kLanes);
  const std::int64_t headCount = pr.batch * pr.heads;
  packed.keys = std::make_unique_for_overwrite<std::uint16_t[]>(static_cast<std::size_t>(headCount * l.keyElements()));
  packed.values = std::make_unique_for_overwrite<std::uint16_t[]>(static_cast<std::size_t>(headCount * l.valueElements()));
  parallelFor(headCount, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t head = begin; head < end; ++head) {
      const std::int64_t b = head / pr.heads, h = head % pr.heads;
      packKeys(pr.k.data + b * pr.k.batchStride + h * pr.k.headStride, pr.k.rowStride, pr.keys, l,
               packed.keys.get() + head * l.keyElements());
      packValues(pr.v.data + b * pr.v.batchStride + h * pr.v.headStride, pr.v.rowStride, pr.keys, l,
                 packed.values.get() + head * l.valueElements());
    }
  });
  const std::int64_t blocksPerHead = (pr.queries + kQueryBlock - 1) / kQueryBlock;
  parallelFor(headCount * blocksPerHead, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t task = begin; task < end; ++task) {
      const std::int64_t head = task / blocksPerHead, first = (task % blocksPerHead) * kQueryBlock;
      const std::int64_t last = std::min(pr.queries, first + kQueryBlock);
      for (std::int64_t row0 = first; row0 < last; row0 += kRows) attendRows(pr, packed, head, row0);
    }
  });
}

#else

bool bf16AttentionAvailable() { return false; }
void runBf16Attention(const Bf16AttentionProblem&, const ParallelFor&) {}

#endif

}  // namespace sd
