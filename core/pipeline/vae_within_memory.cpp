#include "core/pipeline/vae_within_memory.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>

#include "core/models/vae_tiling.h"
#include "core/nn/cuda_memory.h"
#include "core/util/error.h"

namespace sd {

namespace {

constexpr double kDecodeValuesPerPixel = 1536;
constexpr double kEncodeValuesPerPixel = 1024;

std::string gib(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f GiB", bytes / (1024.0 * 1024.0 * 1024.0));
  return text;
}

// LibTorch reports a failed CUDA allocation as c10::OutOfMemoryError, a
// failed CPU one as a c10::Error from DefaultCPUAllocator.
bool isOutOfMemory(const c10::Error& e) {
  if (dynamic_cast<const c10::OutOfMemoryError*>(&e)) return true;
  const std::string what = e.what_without_backtrace();
  return what.find("out of memory") != std::string::npos || what.find("not enough memory") != std::string::npos;
}

std::string onGpu(bool onCuda) {
  if (!onCuda) return "";
  const auto room = cudaMemoryRoom();
  return " (" + gib(room.availableBytes) + " free of " + gib(room.totalBytes) + " on the GPU)";
}

// subject: "decode of a 1024x1024 image", for the errors.
template <typename Result>
Result withinMemory(const std::string& subject, bool onCuda, double wholeBytes, bool tileable, VaeTiling tiling,
                    const std::function<Result()>& whole, const std::function<Result()>& tiles) {
  if (tiling == VaeTiling::Always && tileable) return tiles();
  if (tiling == VaeTiling::Auto && onCuda && tileable) {
    const auto room = cudaMemoryRoom();
    if (room.totalBytes > 0 && wholeBytes > room.availableBytes) return tiles();
  }
  try {
    return whole();
  } catch (const c10::Error& e) {
    if (!isOutOfMemory(e)) throw;
    if (tiling == VaeTiling::Never || !tileable) {
      releaseCudaCache();
      throw Error("the VAE " + subject + " ran out of memory" + onGpu(onCuda) +
                  (tileable ? "; SDSTUDIO_VAE_TILING=auto would retry it in tiles" : ""));
    }
  }
  releaseCudaCache();
  try {
    return tiles();
  } catch (const c10::Error& e) {
    if (!isOutOfMemory(e)) throw;
    releaseCudaCache();
    throw Error("the VAE " + subject + " does not fit in memory even in tiles" + onGpu(onCuda) +
                ": choose a smaller size, or the CPU");
  }
}

std::string imageSize(int64_t width, int64_t height) {
  return "a " + std::to_string(width) + "x" + std::to_string(height) + " image";
}

}  // namespace

VaeTiling vaeTilingFromEnvironment() {
  const char* text = std::getenv("SDSTUDIO_VAE_TILING");
  if (!text || !*text || std::strcmp(text, "auto") == 0) return VaeTiling::Auto;
  if (std::strcmp(text, "always") == 0) return VaeTiling::Always;
  if (std::strcmp(text, "never") == 0) return VaeTiling::Never;
  throw Error(std::string("SDSTUDIO_VAE_TILING='") + text + "' is not one of auto, always, never");
}

double vaeDecodeBytes(const at::Tensor& latents, int64_t downscaleFactor) {
  const double pixels = static_cast<double>(latents.size(-1) * latents.size(-2)) * downscaleFactor * downscaleFactor;
  return static_cast<double>(latents.size(0)) * pixels * kDecodeValuesPerPixel * latents.element_size();
}

double vaeEncodeBytes(const at::Tensor& image) {
  const double pixels = static_cast<double>(image.size(-1) * image.size(-2));
  return static_cast<double>(image.size(0)) * pixels * kEncodeValuesPerPixel * image.element_size();
}

at::Tensor decodeWithinMemory(const AutoencoderKL& vae, const at::Tensor& latents, VaeTiling tiling) {
  const auto geometry = VaeTileGeometry::of(vae.config());
  const auto f = vae.downscaleFactor();
  return withinMemory<at::Tensor>(
      "decode of " + imageSize(latents.size(-1) * f, latents.size(-2) * f), latents.is_cuda(), vaeDecodeBytes(latents, vae.downscaleFactor()), geometry.decodeWouldTile(latents), tiling,
      [&] { return vae.decode(latents); }, [&] { return tiledDecode(vae, latents); });
}

DiagonalGaussian encodeWithinMemory(const AutoencoderKL& vae, const at::Tensor& image, VaeTiling tiling) {
  const auto geometry = VaeTileGeometry::of(vae.config());
  return withinMemory<DiagonalGaussian>(
      "encode of " + imageSize(image.size(-1), image.size(-2)), image.is_cuda(), vaeEncodeBytes(image), geometry.encodeWouldTile(image), tiling,
      [&] { return vae.encode(image); }, [&] { return tiledEncode(vae, image); });
}

}  // namespace sd
