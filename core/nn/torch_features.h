#pragma once
// Every difference between the LibTorch versions SD Studio builds against
// (Debian's 1.13 and upstream 2.x) is named here, once; code tests these
// macros instead of version numbers.
#include <torch/version.h>

#define SD_TORCH_AT_LEAST(major, minor) \
  (TORCH_VERSION_MAJOR > (major) || (TORCH_VERSION_MAJOR == (major) && TORCH_VERSION_MINOR >= (minor)))

// at::scaled_dot_product_attention with its `scale` argument (2.1). Its fused
// kernels (flash and memory-efficient on CUDA, flash on the CPU) take only
// 4-D [B, heads, T, D] input, and an absent mask must be nullopt, never an
// undefined tensor.
#define SD_TORCH_HAS_SDPA SD_TORCH_AT_LEAST(2, 1)

// c10::Allocator::allocate lost its const and gained copy_data (2.3).
#define SD_TORCH_MUTABLE_ALLOCATOR SD_TORCH_AT_LEAST(2, 3)
