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

// A CPU tensor holding a copy of the file's bytes (read, not mapped: a
// mapped weights file that is overwritten while the model runs would kill
// the process with SIGBUS; a copy outlives any change on disk).
at::Tensor tensorView(const SafetensorsFile& file, const TensorInfo& info);

// Every tensor of a file, by name (used by tests and tools).
std::map<std::string, at::Tensor> loadTensors(const std::filesystem::path& path);

void addTensor(SafetensorsWriter& writer, const std::string& name, const at::Tensor& tensor);
void saveTensors(const std::filesystem::path& path, const std::map<std::string, at::Tensor>& tensors,
                 const std::map<std::string, std::string>& metadata = {});

}  // namespace sd
