#include "core/metadata/byte_source.h"

#include <cstring>

#include "core/util/error.h"

namespace sd {

std::vector<unsigned char> ByteSource::read(std::uint64_t offset, std::size_t length) const {
  if (!has(offset, length))
    throw Error(name() + ": truncated: needs bytes " + std::to_string(offset) + ".." + std::to_string(offset + length) +
                ", has " + std::to_string(size()));
  std::vector<unsigned char> out(length);
  if (length) readUnchecked(offset, out.data(), length);
  return out;
}

FileByteSource::FileByteSource(const std::filesystem::path& path) : m_file(path), m_name(path.string()) {}

void FileByteSource::readUnchecked(std::uint64_t offset, unsigned char* out, std::size_t length) const {
  m_file.readAt(offset, out, length);  // a file that shrank while we read it is an error, not garbage
}

void MemoryByteSource::readUnchecked(std::uint64_t offset, unsigned char* out, std::size_t length) const {
  std::memcpy(out, m_bytes.data() + offset, length);
}

}  // namespace sd
