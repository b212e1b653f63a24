#pragma once
// Multi-head attention core shared by CLIP, the UNet and the VAE.
#include <cstdint>

#include <ATen/core/Tensor.h>

namespace sd {

// softmax(scale · q·kᵀ + mask) · v per head, for q [B, H, Tq, D] and k/v
// [B, H, Tk, D]; `mask` is additive, broadcastable to [B, H, Tq, Tk], or
// undefined for none. Returns [B, H, Tq, D].
// Uses scaled_dot_product_attention where this LibTorch has it (the 4-D
// layout lets it pick a fused kernel); otherwise splits the queries into
// chunks so the score matrix held at once stays under `scoreBudgetBytes`
// (bounded memory on the CPU at any size).
at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask,
                     double scale, int64_t scoreBudgetBytes = int64_t{256} << 20);

// The chunked eager path alone (tests compare both paths). Same shapes.
at::Tensor chunkedAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask,
                            double scale, int64_t scoreBudgetBytes);

bool hasFusedAttention();

// [B, T, H·D] → [B, H, T, D] (a view) and back.
at::Tensor splitHeads(const at::Tensor& x, int64_t heads);
at::Tensor mergeHeads(const at::Tensor& x);

}  // namespace sd
