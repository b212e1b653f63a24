#include "core/models/autoencoder_kl.h"

#include "core/nn/aten.h"
#include <ATen/ops/clamp.h>
#include <ATen/ops/exp.h>

#include "core/util/error.h"

namespace sd {

namespace {

constexpr double kNormEps = 1e-6;  // diffusers' Encoder/Decoder hard-code it for every GroupNorm
constexpr double kLogvarMin = -30.0, kLogvarMax = 20.0;

const VaeConfig& validated(const VaeConfig& c) {
  if (c.blockOutChannels.empty()) throw Error("VAE config: block_out_channels is empty");
  if (c.actFn != "silu") throw Error("VAE config: act_fn '" + c.actFn + "' is not supported (silu)");
  if (c.latentChannels <= 0 || c.layersPerBlock <= 0) throw Error("VAE config: latent_channels and layers_per_block must be positive");
  return c;
}

}  // namespace

at::Tensor DiagonalGaussian::sample(const at::Tensor& noise) const {
  if (!noise.sizes().equals(mean.sizes()))
    throw Error("VAE sample: noise must have the latent shape");
  return mean + std * noise.to(mean.options());
}

AutoencoderKL::AutoencoderKL(const VaeConfig& config)
    : encoder(validated(config), kNormEps),
      decoder(config, kNormEps),
      quant_conv(2 * int64_t{config.latentChannels}, 2 * int64_t{config.latentChannels}, 1),
      post_quant_conv(config.latentChannels, config.latentChannels, 1),
      m_config(config) {
  registerModule("encoder", encoder);
  registerModule("decoder", decoder);
  registerModule("quant_conv", quant_conv);
  registerModule("post_quant_conv", post_quant_conv);
}

DiagonalGaussian AutoencoderKL::encode(const at::Tensor& image, ActivationTrace* trace) const {
  if (image.dim() != 4 || image.size(1) != m_config.inChannels)
    throw Error("VAE encode: image must be [batch, " + std::to_string(m_config.inChannels) + ", H, W]");
  const auto parameters = quant_conv(encoder(image, trace));  // [B, 2·latent, h, w]
  record(trace, "quant_conv", parameters);
  return DiagonalGaussian::fromParameters(parameters);
}

DiagonalGaussian DiagonalGaussian::fromParameters(const at::Tensor& parameters) {
  DiagonalGaussian out;
  out.parameters = parameters;
  const auto halves = out.parameters.chunk(2, 1);
  out.mean = halves[0];
  out.logvar = at::clamp(halves[1], kLogvarMin, kLogvarMax);
  out.std = at::exp(0.5 * out.logvar);
  out.var = at::exp(out.logvar);
  return out;
}

at::Tensor AutoencoderKL::decode(const at::Tensor& latents, ActivationTrace* trace) const {
  if (latents.dim() != 4 || latents.size(1) != m_config.latentChannels)
    throw Error("VAE decode: latents must be [batch, " + std::to_string(m_config.latentChannels) + ", h, w]");
  const auto z = post_quant_conv(latents);
  record(trace, "post_quant_conv", z);
  return decoder(z, trace);
}

}  // namespace sd
