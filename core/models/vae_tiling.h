#pragma once
// The VAE in overlapping tiles, as diffusers' AutoencoderKL.tiled_decode and
// tiled_encode (v0.27.2, autoencoders/autoencoder_kl.py): tiles of the VAE's
// sample_size pixels (512 for SD v1.x, 64 latents) that overlap by a quarter,
// each decoded (encoded) alone, their overlaps blended linearly. Memory then
// grows with the tile, not the image: what lets a 4 GB GPU decode 512² and
// an 8 GB one 1024². Each tile's GroupNorm sees only that tile, so the
// result differs slightly from the whole-image decode (tests/models/
// test_vae_tiling.cpp states by how much); against diffusers' own tiled
// decode it matches at the VAE's tolerance.
#include "core/models/autoencoder_kl.h"

namespace sd {

struct VaeTileGeometry {
  int64_t sampleTile = 0;  // tile side in pixels (config sample_size)
  int64_t latentTile = 0;  // tile side in latents (sampleTile / downscale factor)
  static constexpr double kOverlap = 0.25;  // diffusers' tile_overlap_factor

  static VaeTileGeometry of(const VaeConfig& config);
  // diffusers tiles a decode when either latent side exceeds latentTile, an
  // encode when either image side exceeds sampleTile.
  bool decodeWouldTile(const at::Tensor& latents) const;
  bool encodeWouldTile(const at::Tensor& image) const;
};

// As AutoencoderKL::decode (latents already divided by the scaling factor),
// tile by tile.
at::Tensor tiledDecode(const AutoencoderKL& vae, const at::Tensor& latents);
// As AutoencoderKL::encode, tile by tile.
DiagonalGaussian tiledEncode(const AutoencoderKL& vae, const at::Tensor& image);

}  // namespace sd
