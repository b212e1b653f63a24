#pragma once
// Random access to the bytes of an image whose metadata we read. Every read
// is bounds-checked against the real size, so a container parser that
// follows an offset from a hostile file gets an sd::Error naming the file
// and the range, never a read past the end. Files are read piecewise (only
// the headers and the metadata payloads), so a 50 MB photo costs a few
// small reads.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/util/regular_file.h"

namespace sd {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::uint64_t size() const = 0;
  // What errors call it: the file's path, or "<memory>".
  virtual const std::string& name() const = 0;
  // Exactly `length` bytes at `offset`; throws sd::Error when they run past
  // the end ("<name>: truncated: needs bytes A..B, has N").
  std::vector<unsigned char> read(std::uint64_t offset, std::size_t length) const;
  bool has(std::uint64_t offset, std::uint64_t length) const { return offset <= size() && length <= size() - offset; }

 protected:
  virtual void readUnchecked(std::uint64_t offset, unsigned char* out, std::size_t length) const = 0;
};

class FileByteSource final : public ByteSource {
 public:
  explicit FileByteSource(const std::filesystem::path& path);  // throws sd::Error when it cannot be opened
  std::uint64_t size() const override { return m_file.size(); }
  const std::string& name() const override { return m_name; }

 protected:
  void readUnchecked(std::uint64_t offset, unsigned char* out, std::size_t length) const override;

 private:
  RegularFile m_file;  // regular files only: a FIFO would block the open
  std::string m_name;
};

class MemoryByteSource final : public ByteSource {
 public:
  explicit MemoryByteSource(std::vector<unsigned char> bytes, std::string name = "<memory>")
      : m_bytes(std::move(bytes)), m_name(std::move(name)) {}
  std::uint64_t size() const override { return m_bytes.size(); }
  const std::string& name() const override { return m_name; }

 protected:
  void readUnchecked(std::uint64_t offset, unsigned char* out, std::size_t length) const override;

 private:
  std::vector<unsigned char> m_bytes;
  std::string m_name;
};

}  // namespace sd
