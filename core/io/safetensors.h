#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/safetensors_header.h"
#include "core/util/regular_file.h"

namespace sd {

// A .safetensors file, fully validated when opened: header length within
// the file and under the format's 100 MB limit, a JSON object (parsed with
// the bounds of safetensors_header.h), known dtypes, non-negative shapes
// whose byte size equals the byte range, ranges inside the data section and
// not overlapping, string metadata. Pickle, zip and GGUF files are named as
// such and never parsed. Every error names the file (and the tensor, where
// one is at fault).
//
// Tensor bytes are copied out with pread (readTensor), never mapped: a
// memory map of a file that is overwritten or truncated while the model is
// loaded kills the process with SIGBUS, a read gives an error naming it.
class SafetensorsFile {
 public:
  static constexpr uint64_t kMaxHeaderBytes = 100'000'000;  // as the upstream reader

  static SafetensorsFile open(const std::filesystem::path& path);

  const std::filesystem::path& path() const;
  const std::vector<TensorInfo>& tensors() const { return m_header.tensors; }  // in data order
  const std::map<std::string, std::string>& metadata() const { return m_header.metadata; }
  uint64_t headerSize() const { return m_headerSize; }
  uint64_t fileSize() const;

  const TensorInfo* find(std::string_view name) const;
  const TensorInfo& at(std::string_view name) const;  // throws, naming file and tensor
  // Copies the tensor's tensor.byteSize() bytes to `out`; throws sd::Error
  // naming the file when it changed on disk since it was opened.
  void readTensor(const TensorInfo& tensor, void* out) const;
  std::vector<std::byte> readTensor(const TensorInfo& tensor) const;

 private:
  explicit SafetensorsFile(std::shared_ptr<const RegularFile> file) : m_file(std::move(file)) {}
  void parseHeader();

  std::shared_ptr<const RegularFile> m_file;
  uint64_t m_headerSize = 0;
  SafetensorsHeader m_header;
  std::map<std::string, std::size_t, std::less<>> m_index;
};

}  // namespace sd
