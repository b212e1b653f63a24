#pragma once
// A1111's short model hash: the first 10 hex digits of the sha256 of the
// weights file ("Model hash" in infotext), which sites like Civitai index.
#include <filesystem>
#include <string>

namespace sd {

// `model` is a single .safetensors/.ckpt file or a diffusers folder (then
// the hash is of unet/diffusion_pytorch_model.safetensors, the file that
// identifies a fine-tune). Hashing streams the file; results are kept per
// path, size and modification time in the user's cache folder across runs
// (core/util/hash_cache.h). Throws sd::Error naming the file.
std::string modelHash(const std::filesystem::path& model);
// The file modelHash hashes for `model`.
std::filesystem::path modelHashFile(const std::filesystem::path& model);

}  // namespace sd
