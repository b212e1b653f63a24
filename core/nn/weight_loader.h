#pragma once
// Fills a Module's parameters from safetensors files by checkpoint key name.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include "core/io/safetensors.h"
#include "core/nn/module.h"

namespace sd {

// Named tensors drawn from one or more safetensors files (a diffusers folder
// component, the shards of one, or a renamed slice of a single-file
// checkpoint). The files stay open as long as the source lives.
class WeightSource {
 public:
  struct Entry {
    std::shared_ptr<const SafetensorsFile> file;
    const TensorInfo* info = nullptr;
  };

  // Adds every tensor of `path`; with `stripPrefix`, only the tensors whose
  // name starts with it, under the name without it.
  void addFile(const std::filesystem::path& path, const std::string& stripPrefix = "");
  void addFile(std::shared_ptr<const SafetensorsFile> file, const std::string& stripPrefix = "");
  // Makes `name` refer to the tensor stored as `storedName` in `file`.
  void addAlias(const std::string& name, std::shared_ptr<const SafetensorsFile> file, const std::string& storedName);

  const Entry* find(const std::string& name) const;
  std::vector<std::string> names() const;
  std::string describe() const;  // the files, for error messages

 private:
  std::map<std::string, Entry> m_entries;
  std::vector<std::shared_ptr<const SafetensorsFile>> m_files;
};

struct LoadOptions {
  c10::Device device = c10::kCPU;
  c10::ScalarType dtype = c10::kFloat;
};

struct LoadReport {
  std::vector<std::string> unusedKeys;  // in the source but not in the model (e.g. position_ids)
  int64_t loadedParameters = 0;
};

// Every parameter of `module` must be present with the registered shape
// (a [C,C,1,1] conv weight also fills a [C,C] linear one, as in LDM's VAE
// attention). Missing or mis-shaped tensors throw, naming model and file.
LoadReport loadWeights(Module& module, const WeightSource& source, const LoadOptions& options,
                       const std::string& modelName);

// Random weights with the registered shapes (benchmarks and tests of
// full-size models): N(0, 0.02²) for matrices, 1 ± small for norm scales.
void initRandomWeights(Module& module, uint64_t seed, const LoadOptions& options);

}  // namespace sd
