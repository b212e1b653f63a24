#include "core/metadata/byte_source.h"

#include <cerrno>
#include <cstring>
#include <system_error>

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

FileByteSource::FileByteSource(const std::filesystem::path& path) : m_name(path.string()) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error("cannot open " + m_name + ": no such file");
  if (!std::filesystem::is_regular_file(path, ec)) throw Error(m_name + " is not a regular file");
  m_file.open(path, std::ios::binary);
  if (!m_file) throw Error("cannot open " + m_name + ": " + std::generic_category().message(errno));
  m_size = std::filesystem::file_size(path, ec);
  if (ec) throw Error("cannot read the size of " + m_name + ": " + ec.message());
}

void FileByteSource::readUnchecked(std::uint64_t offset, unsigned char* out, std::size_t length) const {
  // The file may shrink while we read it: a short read is an error, not garbage.
  m_file.clear();
  m_file.seekg(static_cast<std::streamoff>(offset));
  m_file.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(length));
  if (!m_file || static_cast<std::size_t>(m_file.gcount()) != length)
    throw Error("cannot read " + m_name + " at byte " + std::to_string(offset) + " (changed while reading?)");
}

void MemoryByteSource::readUnchecked(std::uint64_t offset, unsigned char* out, std::size_t length) const {
  std::memcpy(out, m_bytes.data() + offset, length);
}

}  // namespace sd
