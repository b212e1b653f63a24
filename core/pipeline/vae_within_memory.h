#pragma once
// The VAE within the device's memory: whole where it fits, in tiles
// (core/models/vae_tiling.h) where it would not, as ComfyUI does. On CUDA a
// decode or encode goes tiled from the start when its estimated need exceeds
// what the allocator can still get, and is retried tiled after an
// out-of-memory error; when even the tiles do not fit, the error says so and
// what was free (the caller keeps everything made before).
//
// SDSTUDIO_VAE_TILING: auto (default), always, never (whole; an
// out-of-memory error is then reported as it is).
#include "core/models/autoencoder_kl.h"

namespace sd {

enum class VaeTiling { Auto, Always, Never };
VaeTiling vaeTilingFromEnvironment();

// latents already divided by the scaling factor, on the VAE's device.
at::Tensor decodeWithinMemory(const AutoencoderKL& vae, const at::Tensor& latents,
                              VaeTiling tiling = vaeTilingFromEnvironment());
DiagonalGaussian encodeWithinMemory(const AutoencoderKL& vae, const at::Tensor& image,
                                    VaeTiling tiling = vaeTilingFromEnvironment());

// The estimate behind "would not fit" (bytes for the whole image at once):
// the decoder's widest full-resolution stage holds about six tensors of 128
// and 256 channels at once (1536 values per output pixel), the encoder's
// about four of 128 (1024 per input pixel). An estimate: the retry on
// out-of-memory is what makes it safe.
double vaeDecodeBytes(const at::Tensor& latents, int64_t downscaleFactor);
double vaeEncodeBytes(const at::Tensor& image);

}  // namespace sd
