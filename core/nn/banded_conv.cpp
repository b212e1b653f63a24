#include "core/nn/banded_conv.h"

#include <algorithm>

#include <ATen/ops/constant_pad_nd.h>
#include <ATen/ops/conv2d.h>
#include <ATen/ops/empty.h>

#include "core/util/error.h"
#include "core/util/interruption.h"

namespace sd {

int64_t convRowBands(const at::Tensor& input, const at::Tensor& weight, int64_t stride, double bandFlops) {
  if (!input.device().is_cpu() || input.dim() != 4 || weight.dim() != 4) return 1;
  const int64_t outRows = (input.size(2) - 1) / stride + 1;  // an upper bound for any padding ≤ k/2
  const double macsPerRow = static_cast<double>(input.size(0)) * weight.numel() *
                            static_cast<double>((input.size(3) - 1) / stride + 1);
  const double flops = 2.0 * macsPerRow * static_cast<double>(outRows);
  if (flops <= bandFlops) return 1;
  return std::min<int64_t>(outRows, static_cast<int64_t>(flops / bandFlops) + 1);
}

at::Tensor conv2dInRowBands(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                            int64_t stride, int64_t padding, int64_t bands) {
  const int64_t rows = input.size(2), kernel = weight.size(2);
  const int64_t outRows = (rows + 2 * padding - kernel) / stride + 1;
  if (bands <= 1 || outRows < 2) return at::conv2d(input, weight, bias, {stride, stride}, {padding, padding});
  if (kernel - 1 < padding) throw Error("conv2dInRowBands: padding larger than the kernel reach");
  const int64_t bandRows = (outRows + bands - 1) / bands;
  at::Tensor out;
  for (int64_t first = 0; first < outRows; first += bandRows) {
    interruptionPoint();
    const int64_t last = std::min(outRows, first + bandRows);  // one past the band's last output row
    // Output row r reads padded input rows [r·s, r·s + k): in the input's own
    // rows, [r·s − p, r·s − p + k). Rows outside the input are the zero padding.
    const int64_t from = first * stride - padding, to = (last - 1) * stride - padding + kernel;
    const int64_t sliceFrom = std::max<int64_t>(from, 0), sliceTo = std::min(to, rows);
    auto slice = input.narrow(2, sliceFrom, sliceTo - sliceFrom);
    if (from < 0 || to > rows)
      slice = at::constant_pad_nd(slice, {0, 0, sliceFrom - from, to - sliceTo}, 0);
    const int64_t bandPadding[] = {0, padding};  // the rows' padding is in the slice
    const auto band = at::conv2d(slice, weight, bias, {stride, stride}, at::IntArrayRef(bandPadding));
    if (!out.defined())
      out = at::empty({band.size(0), band.size(1), outRows, band.size(3)}, band.options());
    out.narrow(2, first, last - first).copy_(band);
  }
  return out;
}

}  // namespace sd
