#pragma once
// diffusers AutoencoderKL (autoencoders/autoencoder_kl.py) with its
// DiagonalGaussianDistribution (autoencoders/vae.py).
#include "core/models/activation_trace.h"
#include "core/models/vae_decoder.h"
#include "core/models/vae_encoder.h"

namespace sd {

// The encoder's latent distribution, each [B, latent, h, w].
struct DiagonalGaussian {
  at::Tensor parameters;  // quant_conv output [B, 2·latent, h, w]
  at::Tensor mean;
  at::Tensor logvar;      // clamped to [−30, 20]
  at::Tensor std;         // exp(logvar / 2)
  at::Tensor var;         // exp(logvar)
  // mean + std·noise; noise drawn by the caller (diffusers: randn_tensor
  // with the pipeline's generator), shaped like mean.
  at::Tensor sample(const at::Tensor& noise) const;
  // From quant_conv's output (diffusers' DiagonalGaussianDistribution(moments)).
  static DiagonalGaussian fromParameters(const at::Tensor& parameters);
  at::Tensor mode() const { return mean; }
};

class AutoencoderKL : public Module {
 public:
  explicit AutoencoderKL(const VaeConfig& config);

  // image [B, in, H, W] in [−1, 1] → latent distribution at H/f × W/f.
  // Traces "encoder.*" and "quant_conv".
  DiagonalGaussian encode(const at::Tensor& image, ActivationTrace* trace = nullptr) const;
  // latents already divided by scalingFactor() [B, latent, h, w] → raw image
  // [B, out, h·f, w·f], roughly [−1, 1] (not clamped). Traces
  // "post_quant_conv" and "decoder.*".
  at::Tensor decode(const at::Tensor& latents, ActivationTrace* trace = nullptr) const;

  double scalingFactor() const { return m_config.scalingFactor; }
  int64_t downscaleFactor() const { return m_config.downscaleFactor(); }
  const VaeConfig& config() const { return m_config; }

  VaeEncoder encoder;
  VaeDecoder decoder;
  Conv2d quant_conv;       // 1×1 after the encoder
  Conv2d post_quant_conv;  // 1×1 before the decoder

 private:
  VaeConfig m_config;
};

}  // namespace sd
