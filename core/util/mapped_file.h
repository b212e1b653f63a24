#pragma once
#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>

namespace sd {

// A read-only memory map of a whole file. Shared ownership lets zero-copy
// tensor views keep the mapping alive after the file object that made them.
class MappedFile {
 public:
  static std::shared_ptr<const MappedFile> open(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  std::span<const std::byte> bytes() const { return {m_data, m_size}; }
  std::size_t size() const { return m_size; }

 private:
  MappedFile(std::filesystem::path path, const std::byte* data, std::size_t size);
  std::filesystem::path m_path;
  const std::byte* m_data = nullptr;
  std::size_t m_size = 0;
};

}  // namespace sd
