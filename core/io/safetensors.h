#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/dtype.h"
#include "core/util/mapped_file.h"

namespace sd {

struct TensorInfo {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint64_t begin = 0;  // byte offsets relative to the start of the data section
  uint64_t end = 0;

  uint64_t byteSize() const { return end - begin; }
  int64_t numel() const;
};

// A .safetensors file, memory-mapped and fully validated when opened: header
// length within the file and under a sane limit, JSON that is an object,
// known dtypes, non-negative shapes whose byte size equals the byte range,
// ranges inside the data section and not overlapping, string metadata.
// Every error names the file (and the tensor, where one is at fault).
class SafetensorsFile {
 public:
  static constexpr uint64_t kMaxHeaderBytes = 100'000'000;  // as the upstream reader

  static SafetensorsFile open(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return m_file->path(); }
  const std::vector<TensorInfo>& tensors() const { return m_tensors; }  // in data order
  const std::map<std::string, std::string>& metadata() const { return m_metadata; }
  uint64_t headerSize() const { return m_headerSize; }
  uint64_t fileSize() const { return m_file->size(); }

  const TensorInfo* find(std::string_view name) const;
  const TensorInfo& at(std::string_view name) const;  // throws, naming file and tensor
  std::span<const std::byte> data(const TensorInfo& tensor) const;

  // Keeps the mapping alive for zero-copy views that outlive this object.
  std::shared_ptr<const MappedFile> mapping() const { return m_file; }

 private:
  explicit SafetensorsFile(std::shared_ptr<const MappedFile> file) : m_file(std::move(file)) {}
  void parseHeader();

  std::shared_ptr<const MappedFile> m_file;
  uint64_t m_headerSize = 0;
  std::vector<TensorInfo> m_tensors;
  std::map<std::string, std::size_t, std::less<>> m_index;
  std::map<std::string, std::string> m_metadata;
};

std::string formatShape(const std::vector<int64_t>& shape);

}  // namespace sd
