#include "core/pipeline/image_tensor.h"

#include <cstring>

#include <ATen/ops/clamp.h>
#include <ATen/ops/einsum.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/round.h>
#include <ATen/ops/tensor.h>

#include "core/image/pil_resize.h"
#include "core/util/error.h"

namespace sd {

namespace {

RgbImage fromHwcUint8(const at::Tensor& hwc) {
  const auto cpu = hwc.to(at::kCPU).contiguous();
  RgbImage image = RgbImage::blank(static_cast<int>(cpu.size(1)), static_cast<int>(cpu.size(0)));
  std::memcpy(image.pixels.data(), cpu.data_ptr<uint8_t>(), image.pixels.size());
  return image;
}

}  // namespace

at::Tensor decodedToFloat(const at::Tensor& decoded) {
  return (decoded.to(at::kFloat) / 2 + 0.5).clamp(0, 1).permute({0, 2, 3, 1}).to(at::kCPU);
}

RgbImage decodedToImage(const at::Tensor& decoded) {
  if (decoded.dim() != 4 || decoded.size(0) != 1 || decoded.size(1) != 3)
    throw Error("decoded image has an unexpected shape");
  const auto values = at::round(decodedToFloat(decoded) * 255).to(at::kByte);
  return fromHwcUint8(values[0]);
}

at::Tensor imageToTensor(const RgbImage& image, int width, int height) {
  if (image.empty() || image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * 3)
    throw Error("the init image is empty or damaged");
  // diffusers' VaeImageProcessor resizes with PIL's Lanczos filter.
  const RgbImage resized = pilResize(image, width, height, PilFilter::Lanczos);
  auto hwc = at::from_blob(const_cast<uint8_t*>(resized.pixels.data()), {height, width, 3}, at::kByte);
  // diffusers: x / 255 in float32, then 2x − 1.
  return (hwc.to(at::kFloat) / 255.0f * 2.0f - 1.0f).permute({2, 0, 1}).unsqueeze(0).contiguous();
}

RgbImage latentPreview(const at::Tensor& latents) {
  // The widely used SD v1 latent→RGB approximation (rows: latent channels).
  static const float kFactors[4][3] = {
      {0.3512f, 0.2297f, 0.3227f}, {0.3250f, 0.4974f, 0.2350f}, {-0.2829f, 0.1762f, 0.2721f}, {-0.2120f, -0.2616f, -0.7177f}};
  const auto factors = at::from_blob(const_cast<float*>(&kFactors[0][0]), {4, 3}, at::kFloat);
  const auto first = latents.narrow(0, 0, 1)[0].to(at::kCPU, at::kFloat);  // [4, h, w]
  const auto rgb = at::einsum("chw,cr->hwr", {first, factors});
  const auto bytes = ((rgb + 1) * 127.5).clamp(0, 255).round().to(at::kByte);
  return fromHwcUint8(bytes);
}

}  // namespace sd
