#include "core/models/vae_tiling.h"

#include <algorithm>
#include <functional>
#include <vector>

#include "core/nn/aten.h"
#include <ATen/ops/arange.h>
#include <ATen/ops/cat.h>

#include "core/util/error.h"
#include "core/util/interruption.h"

namespace sd {

namespace {

using Grid = std::vector<std::vector<at::Tensor>>;

// diffusers' blend_v / blend_h: the first `extent` rows (columns) of b fade
// in from the last `extent` of a, in place, as diffusers writes into b.
void blend(const at::Tensor& a, at::Tensor& b, int64_t extent, int64_t dim) {
  extent = std::min({a.size(dim), b.size(dim), extent});
  if (extent <= 0) return;
  // The weights y / extent in double, then in the tiles' dtype, as Python
  // scalars multiply a tensor.
  auto shape = std::vector<int64_t>(4, 1);
  shape[dim] = extent;
  const auto y = at::arange(extent, at::TensorOptions().dtype(at::kDouble)) / static_cast<double>(extent);
  const auto weightB = y.to(b.options()).view(shape);
  const auto weightA = (1.0 - y).to(b.options()).view(shape);
  auto head = b.narrow(dim, 0, extent);
  head.copy_(a.narrow(dim, a.size(dim) - extent, extent) * weightA + head * weightB);
}

// Runs `code` on each tile of `input` (side `tile`, stride `stride`), then
// blends each tile into its upper and left neighbours and keeps the first
// `keep` rows and columns of each: diffusers' two loops of tiled_decode.
at::Tensor tiled(const at::Tensor& input, int64_t tile, int64_t stride, int64_t blendExtent, int64_t keep,
                 const std::function<at::Tensor(const at::Tensor&)>& code) {
  Grid rows;
  for (int64_t i = 0; i < input.size(2); i += stride) {
    auto& row = rows.emplace_back();
    for (int64_t j = 0; j < input.size(3); j += stride) {
      interruptionPoint();
      const auto piece = input.narrow(2, i, std::min(tile, input.size(2) - i))
                             .narrow(3, j, std::min(tile, input.size(3) - j));
      row.push_back(code(piece));
    }
  }
  std::vector<at::Tensor> resultRows;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::vector<at::Tensor> resultRow;
    for (std::size_t j = 0; j < rows[i].size(); ++j) {
      auto& t = rows[i][j];
      if (i > 0) blend(rows[i - 1][j], t, blendExtent, 2);
      if (j > 0) blend(rows[i][j - 1], t, blendExtent, 3);
      resultRow.push_back(t.narrow(2, 0, std::min(keep, t.size(2))).narrow(3, 0, std::min(keep, t.size(3))));
    }
    resultRows.push_back(at::cat(resultRow, 3));
  }
  return at::cat(resultRows, 2);
}

}  // namespace

VaeTileGeometry VaeTileGeometry::of(const VaeConfig& config) {
  VaeTileGeometry g;
  g.sampleTile = config.sampleSize;
  g.latentTile = config.sampleSize / config.downscaleFactor();
  if (g.sampleTile <= 0 || g.latentTile <= 0)
    throw Error("VAE config: sample_size " + std::to_string(config.sampleSize) + " is too small to tile with");
  return g;
}

bool VaeTileGeometry::decodeWouldTile(const at::Tensor& latents) const {
  return latents.size(-1) > latentTile || latents.size(-2) > latentTile;
}

bool VaeTileGeometry::encodeWouldTile(const at::Tensor& image) const {
  return image.size(-1) > sampleTile || image.size(-2) > sampleTile;
}

at::Tensor tiledDecode(const AutoencoderKL& vae, const at::Tensor& latents) {
  const auto g = VaeTileGeometry::of(vae.config());
  const auto stride = static_cast<int64_t>(g.latentTile * (1 - VaeTileGeometry::kOverlap));
  const auto blendExtent = static_cast<int64_t>(g.sampleTile * VaeTileGeometry::kOverlap);
  return tiled(latents, g.latentTile, std::max<int64_t>(stride, 1), blendExtent, g.sampleTile - blendExtent,
               [&vae](const at::Tensor& tile) { return vae.decode(tile); });
}

DiagonalGaussian tiledEncode(const AutoencoderKL& vae, const at::Tensor& image) {
  const auto g = VaeTileGeometry::of(vae.config());
  const auto stride = static_cast<int64_t>(g.sampleTile * (1 - VaeTileGeometry::kOverlap));
  const auto blendExtent = static_cast<int64_t>(g.latentTile * VaeTileGeometry::kOverlap);
  const auto moments = tiled(image, g.sampleTile, std::max<int64_t>(stride, 1), blendExtent,
                             g.latentTile - blendExtent,
                             [&vae](const at::Tensor& tile) { return vae.encode(tile).parameters; });
  return DiagonalGaussian::fromParameters(moments);
}

}  // namespace sd
