#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/io/dtype.h"

namespace sd {

// Builds a .safetensors file in memory and writes it atomically. The layout
// follows the upstream serializer: `__metadata__` first, tensors ordered by
// element size (largest first) then name, header padded with spaces to a
// multiple of 8 so every tensor is aligned for zero-copy reads.
class SafetensorsWriter {
 public:
  void add(std::string name, DType dtype, std::vector<int64_t> shape, std::span<const std::byte> data);
  void setMetadata(std::string key, std::string value);

  std::vector<std::byte> serialize() const;
  void write(const std::filesystem::path& path) const;

 private:
  struct Entry {
    DType dtype;
    std::vector<int64_t> shape;
    std::vector<std::byte> data;
  };
  std::map<std::string, Entry> m_tensors;
  std::map<std::string, std::string> m_metadata;
};

}  // namespace sd
