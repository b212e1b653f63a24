#include "core/metadata/model_hash.h"

#include "core/util/error.h"
#include "core/util/hash_cache.h"

namespace sd {

std::filesystem::path modelHashFile(const std::filesystem::path& model) {
  if (!std::filesystem::is_directory(model)) return model;
  for (const char* name : {"diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.fp16.safetensors"}) {
    const auto candidate = model / "unet" / name;
    if (std::filesystem::exists(candidate)) return candidate;
  }
  throw Error("cannot hash model folder " + model.string() + ": it has no unet/diffusion_pytorch_model.safetensors");
}

std::string modelHash(const std::filesystem::path& model) {
  return cachedSha256File(modelHashFile(model)).substr(0, 10);
}

}  // namespace sd
