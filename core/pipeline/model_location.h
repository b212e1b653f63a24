#pragma once
// Where a Stable Diffusion model's parts are on disk. No torch: the window
// uses this to check a path before handing it to the inference thread.
#include <filesystem>
#include <string>

namespace sd {

struct ModelLocation {
  enum class Format { DiffusersFolder, SingleFile };
  Format format = Format::DiffusersFolder;
  std::filesystem::path root;  // the folder, or the .safetensors file

  // Diffusers folder parts (empty for a single file).
  std::filesystem::path unetConfig, unetWeights;
  std::filesystem::path vaeConfig, vaeWeights;
  std::filesystem::path textEncoderConfig, textEncoderWeights;
  std::filesystem::path tokenizerDir;
  std::filesystem::path schedulerConfig;
  // A single file's optional LDM yaml beside it (same name, .yaml).
  std::filesystem::path ldmYaml;

  std::string formatName() const;
};

// Finds the parts of the model at `path`, checking that each exists. Pickle
// checkpoints (.ckpt, .bin, .pt, .pth) are refused: loading them can run
// arbitrary code; the error says how to convert them to safetensors.
ModelLocation locateModel(const std::filesystem::path& path);

bool isPickleFile(const std::filesystem::path& path);

}  // namespace sd
