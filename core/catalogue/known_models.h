#pragma once
// The manifest of known models (models/known_models.json, installed to
// share/sdstudio/models/): which files a model folder needs, their sizes and
// sha256 where known. Pure C++: no torch, no Qt, so the window can check a
// folder before it hands it to the engine.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sd {

struct KnownModelFile {
  std::string path;                   // relative to the model folder, '/'-separated
  std::optional<uint64_t> size;       // exact size in bytes, when known for certain
  std::optional<uint64_t> minSize;    // accepted range when size is not known
  std::optional<uint64_t> maxSize;
  std::optional<uint64_t> tensorBytes;  // safetensors: exact bytes of tensor data
  std::optional<std::string> sha256;  // lower-case hex, when known for certain
  bool required = true;
  std::optional<uint64_t> tensors;    // safetensors: the tensors the loader needs (a file may hold more)
  // The most bytes this file may have: its exact size, else max_size, else
  // the default for its kind (defaultByteCap). A download stops and is
  // deleted there, and the free-space check counts it.
  uint64_t byteCap() const;
};

// For a file the catalogue gives no size bound: 16 MiB for .json and .txt
// (the largest real one, CLIP's vocab.json, is 1 MB), 8 GiB for weights
// (.safetensors, .ckpt, .bin; SD v1.4's largest is 4.3 GB), 64 MiB for the rest.
uint64_t defaultByteCap(std::string_view path);

struct KnownModel {
  std::string id;      // "stable-diffusion-v1-4"
  std::string name;    // "Stable Diffusion v1.4"
  std::string kind;    // "stable-diffusion" | "clip"
  std::string layout;  // "diffusers" | "transformers" | "single-file"
  std::string folder;  // usual folder name; empty for single files
  std::string source;  // where to get it (a web page or a sentence)
  // Download base: each file sits at baseUrl + its path ("…/resolve/main/").
  // Empty when the model cannot be downloaded (demo models, local conversions).
  std::string baseUrl;
  std::string license;
  bool loadable = true;  // false: recognised but never opened (pickle .ckpt)
  std::vector<KnownModelFile> files;
};

enum class FileStatus { Ok, Missing, WrongSize, WrongSha256, Unchecked };

struct FileCheck {
  std::string path;
  std::filesystem::path file;
  FileStatus status = FileStatus::Unchecked;
  bool required = true;
  uint64_t actualSize = 0;
  std::string actualSha256;  // only when hashing was asked for and possible
  std::string message;       // one line naming the file, for the user
};

struct ModelCheck {
  const KnownModel* model = nullptr;
  std::vector<FileCheck> files;
  bool ok() const;              // every required file present, no mismatch
  std::string summary() const;  // the problems, one per line; empty when ok
};

class KnownModels {
 public:
  // Throws sd::Error naming the file or key at fault.
  static KnownModels load(const std::filesystem::path& manifest);
  static KnownModels parse(std::string_view json, const std::string& origin = "known_models.json");

  const std::vector<KnownModel>& models() const { return m_models; }
  const KnownModel* find(std::string_view id) const;
  // The model whose file list matches: a folder holding the files of a
  // folder layout, or a single file whose name, exact size or sha256 matches.
  const KnownModel* identify(const std::filesystem::path& folderOrFile) const;

 private:
  std::vector<KnownModel> m_models;
};

// Checks one file: existence, size (exact or range) and, when verifySha256 is
// set and a hash is known, its sha256 (reads the whole file: seconds per GB).
FileCheck checkKnownFile(const KnownModelFile& spec, const std::filesystem::path& file, bool verifySha256);
// Checks a model folder (or, for single-file layouts, the file itself).
ModelCheck checkKnownModel(const KnownModel& model, const std::filesystem::path& folderOrFile, bool verifySha256);

// The installed manifest (share/sdstudio/models/known_models.json), else the
// source tree's copy when running from a build directory; empty if neither.
std::filesystem::path knownModelsManifestPath();

}  // namespace sd
