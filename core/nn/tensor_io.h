#pragma once
// Bridge between safetensors files and ATen tensors (internal to core).
#include <filesystem>
#include <map>
#include <string>

#include <ATen/core/Tensor.h>

#include "core/io/safetensors.h"
#include "core/io/safetensors_writer.h"

namespace sd {

c10::ScalarType toScalarType(DType dtype, const std::string& context);
DType toDType(c10::ScalarType type);

// A CPU tensor over the file's bytes: zero-copy (keeping the mapping alive)
// when the data is aligned for its element type, a copy otherwise. The view
// is read-only memory: never modify it in place.
at::Tensor tensorView(const SafetensorsFile& file, const TensorInfo& info);

// Every tensor of a file, by name (used by tests and tools).
std::map<std::string, at::Tensor> loadTensors(const std::filesystem::path& path);

void addTensor(SafetensorsWriter& writer, const std::string& name, const at::Tensor& tensor);
void saveTensors(const std::filesystem::path& path, const std::map<std::string, at::Tensor>& tensors,
                 const std::map<std::string, std::string>& metadata = {});

}  // namespace sd
