#pragma once
// Multi-head attention core shared by CLIP and the UNet.
#include <cstdint>

#include <ATen/core/Tensor.h>

namespace sd {

// softmax(scale · q·kᵀ + mask) · v for q [B, Tq, D], k/v [B, Tk, D] (heads
// folded into B), mask broadcastable to [B, Tq, Tk] or undefined.
// Uses scaled_dot_product_attention where this LibTorch has it and the inputs
// allow; otherwise splits the queries into chunks so the score matrix held at
// once stays under `scoreBudgetBytes` (bounded memory on CPU at any size).
at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask,
                     double scale, int64_t scoreBudgetBytes = int64_t{256} << 20);

// The chunked eager path alone (tests compare both paths).
at::Tensor chunkedAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask,
                            double scale, int64_t scoreBudgetBytes);

bool hasFusedAttention();

// [B, T, H·D] → [B·H, T, D] and back.
at::Tensor splitHeads(const at::Tensor& x, int64_t heads);
at::Tensor mergeHeads(const at::Tensor& x, int64_t heads);

}  // namespace sd
