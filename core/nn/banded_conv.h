#pragma once
// A convolution run as bands of output rows, with an interruption point
// between bands. At 512² the VAE decoder's top levels are single
// convolutions of 80-300 GFLOP: seconds on a CPU, during which a cancel
// could not land. Each output row depends only on its own window of input
// rows, so a band is the same convolution over a slice of the input (with
// its halo), and the bands together are the whole output.
#include "core/nn/aten.h"

namespace sd {

// How many bands a CPU convolution of `input` by `weight` should run in so
// that no band costs more than `bandFlops` (1 = run it whole). Only CPU
// convolutions are split: on a GPU a convolution of any size takes
// milliseconds and splitting it would only cost launches.
int64_t convRowBands(const at::Tensor& input, const at::Tensor& weight, int64_t stride,
                     double bandFlops = 8e9);

// conv2d(input, weight, bias, stride, padding) computed `bands` bands of
// output rows at a time, calling interruptionPoint() before each band.
at::Tensor conv2dInRowBands(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                            int64_t stride, int64_t padding, int64_t bands);

}  // namespace sd
