#pragma once
// Matrix products spread over LibTorch's threads when the BLAS under it
// cannot share them. Debian's LibTorch multiplies in OpenBLAS, whose own
// pthreads pool is not torch's OpenMP pool: with both running, a 2-core
// machine had four busy threads and a UNet step took 1.4× as long. So
// OpenBLAS is kept at one thread (core/util/threads.h) and these split a
// product's rows (a linear layer) or its batch (attention) over torch's
// threads instead. Elsewhere (MKL in LibTorch 2.x, CUDA) they are the plain
// operators.
#include "core/nn/aten.h"

namespace sd {

// at::linear(x, weight, bias); bias may be undefined.
at::Tensor threadedLinear(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias);

// out = beta·out + alpha·(a @ b), batched over the first dimension; a, b
// and out are [N, ·, ·] and out is contiguous.
void threadedBaddbmm(at::Tensor& out, const at::Tensor& a, const at::Tensor& b, double beta, double alpha);

// out = a @ b, batched over the first dimension.
void threadedBmm(at::Tensor& out, const at::Tensor& a, const at::Tensor& b);

}  // namespace sd
