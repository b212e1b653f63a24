#pragma once
// Where SD Studio looks for models, in order (models/README.md):
//   1. $SDSTUDIO_MODELS_DIR (a list: ':'-separated, ';' on Windows)
//   2. folders the user configured (the studio's settings)
//   3. the user's data dir: $XDG_DATA_HOME/sdstudio/models, by default
//      ~/.local/share/sdstudio/models (%LOCALAPPDATA% on Windows,
//      ~/Library/Application Support on macOS)
//   4. sdstudio/models in each of $XDG_DATA_DIRS (default /usr/local/share,
//      /usr/share), then the installed share dir of this build and the one
//      next to the executable (relocated installs: Windows, macOS, tarballs)
// Pure C++, no Qt, so the CLI and the window agree.
#include <filesystem>
#include <string>
#include <vector>

namespace sd {

struct ModelSearchDir {
  std::filesystem::path path;
  std::string origin;  // "SDSTUDIO_MODELS_DIR", "configured", "user", "system", "installed"
  bool exists = false;
};

struct ModelSearchOptions {
  std::vector<std::filesystem::path> configuredDirs;
  // The running executable's folder; <dir>/../share/sdstudio/models is added.
  std::filesystem::path executableDir;
};

// Ordered, without duplicates; folders that do not exist are kept (flagged)
// so the window can offer to create the user's one.
std::vector<ModelSearchDir> modelSearchPaths(const ModelSearchOptions& options = {});

// The user's model folder (3. above); it may not exist yet.
std::filesystem::path userModelsDir();

struct FoundModel {
  std::filesystem::path path;  // a folder, or a .safetensors file
  std::string kind;            // "stable-diffusion" | "clip" | "checkpoint"
  std::string origin;          // the ModelSearchDir it was found in
};

// Models directly inside the search folders: diffusers folders (with
// model_index.json), CLIP folders (config.json + model.safetensors, no
// model_index.json) and single .safetensors checkpoints. A name found in an
// earlier folder hides the same name in later ones.
std::vector<FoundModel> discoverModels(const std::vector<ModelSearchDir>& dirs);

// The first search folder holding `name` (a folder or file), if any.
std::filesystem::path findModel(const std::string& name, const std::vector<ModelSearchDir>& dirs);

}  // namespace sd
