#include "core/metadata/model_hash.h"

#include <map>
#include <mutex>
#include <tuple>

#include "core/util/error.h"
#include "core/util/sha256.h"

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
  const auto file = modelHashFile(model);
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw Error("cannot hash " + file.string() + ": " + ec.message());
  const auto time = std::filesystem::last_write_time(file, ec).time_since_epoch().count();
  using Key = std::tuple<std::string, uintmax_t, long long>;
  static std::mutex mutex;
  static std::map<Key, std::string> cache;
  const Key key{std::filesystem::absolute(file).string(), size, static_cast<long long>(time)};
  {
    std::lock_guard lock(mutex);
    if (const auto it = cache.find(key); it != cache.end()) return it->second;
  }
  const std::string hash = sha256File(file).substr(0, 10);
  std::lock_guard lock(mutex);
  cache[key] = hash;
  return hash;
}

}  // namespace sd
