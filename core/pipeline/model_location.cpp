#include "core/pipeline/model_location.h"

#include <algorithm>
#include <cctype>

#include "core/util/error.h"

namespace sd {

namespace fs = std::filesystem;

namespace {

std::string lowerExtension(const fs::path& p) {
  auto ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

[[noreturn]] void refusePickle(const fs::path& path) {
  throw Error(path.string() +
              " is a pickle checkpoint. SD Studio never loads pickle files: unpickling can run arbitrary code "
              "hidden in them. Convert it once to safetensors with a trusted tool, e.g. diffusers' "
              "scripts/convert_original_stable_diffusion_to_diffusers.py --from_safetensors … or "
              "`python -c \"import torch, safetensors.torch as st; sd = torch.load('model.ckpt', "
              "weights_only=True)['state_dict']; st.save_file(sd, 'model.safetensors')\"`, then open the "
              ".safetensors file.");
}

// The weights of one diffusers component: safetensors only.
fs::path componentWeights(const fs::path& dir, const std::string& component, const char* baseName) {
  const auto folder = dir / component;
  if (!fs::is_directory(folder)) throw Error(dir.string() + ": the model folder has no " + component + "/ folder");
  for (const char* suffix : {".safetensors", ".fp16.safetensors"}) {
    const auto candidate = folder / (std::string(baseName) + suffix);
    if (fs::is_regular_file(candidate)) return candidate;
  }
  const auto index = folder / (std::string(baseName) + ".safetensors.index.json");
  if (fs::is_regular_file(index)) return index;  // sharded
  for (const char* pickle : {".bin", ".ckpt", ".pt"})
    if (fs::exists(folder / (std::string(baseName) + pickle))) refusePickle(folder / (std::string(baseName) + pickle));
  throw Error(folder.string() + ": no " + baseName + ".safetensors found");
}

// An LDM config for a single file: <name>.yaml as A1111 looks for it, or the
// only .yaml in the folder.
fs::path ldmYamlBeside(const fs::path& checkpoint) {
  auto sameName = checkpoint;
  sameName.replace_extension(".yaml");
  if (fs::is_regular_file(sameName)) return sameName;
  fs::path only;
  for (const auto& entry : fs::directory_iterator(checkpoint.parent_path().empty() ? "." : checkpoint.parent_path())) {
    if (entry.path().extension() != ".yaml") continue;
    if (!only.empty()) return {};
    only = entry.path();
  }
  return only;
}

fs::path requireFile(const fs::path& path) {
  if (!fs::is_regular_file(path)) throw Error(path.string() + " is missing");
  return path;
}

}  // namespace

bool isPickleFile(const fs::path& path) {
  const auto ext = lowerExtension(path);
  return ext == ".ckpt" || ext == ".bin" || ext == ".pt" || ext == ".pth" || ext == ".pkl";
}

std::string ModelLocation::formatName() const {
  return format == Format::DiffusersFolder ? "diffusers folder" : "single-file checkpoint";
}

ModelLocation locateModel(const fs::path& path) {
  if (path.empty()) throw Error("no model path was given");
  if (!fs::exists(path)) throw Error(path.string() + " does not exist");
  ModelLocation location;
  location.root = path;
  if (fs::is_regular_file(path)) {
    if (isPickleFile(path)) refusePickle(path);
    if (lowerExtension(path) != ".safetensors")
      throw Error(path.string() + ": not a .safetensors checkpoint or a diffusers model folder");
    location.format = ModelLocation::Format::SingleFile;
    location.ldmYaml = ldmYamlBeside(path);
    return location;
  }
  if (!fs::is_directory(path)) throw Error(path.string() + " is neither a file nor a folder");
  if (!fs::exists(path / "model_index.json") && !fs::is_directory(path / "unet"))
    throw Error(path.string() + " is not a diffusers model folder (no model_index.json, no unet/)");
  location.unetConfig = requireFile(path / "unet" / "config.json");
  location.unetWeights = componentWeights(path, "unet", "diffusion_pytorch_model");
  location.vaeConfig = requireFile(path / "vae" / "config.json");
  location.vaeWeights = componentWeights(path, "vae", "diffusion_pytorch_model");
  location.textEncoderConfig = requireFile(path / "text_encoder" / "config.json");
  location.textEncoderWeights = componentWeights(path, "text_encoder", "model");
  location.tokenizerDir = path / "tokenizer";
  requireFile(location.tokenizerDir / "vocab.json");
  requireFile(location.tokenizerDir / "merges.txt");
  location.schedulerConfig = requireFile(path / "scheduler" / "scheduler_config.json");
  return location;
}

}  // namespace sd
