#include "core/catalogue/part_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/catalogue/model_source.h"
#include "core/util/transfer_meter.h"

namespace sd {

namespace fs = std::filesystem;

PartFile::PartFile(const fs::path& part, uint64_t maxBytes, std::string from)
    : m_path(part), m_maxBytes(maxBytes), m_from(std::move(from)), m_fd(openWritableNoFollow(part)) {
  struct stat st {};
  if (::fstat(m_fd.get(), &st) != 0) throw Error("cannot stat " + part.string() + ": " + std::strerror(errno));
  m_size = static_cast<uint64_t>(st.st_size);
  if (::lseek(m_fd.get(), 0, SEEK_END) < 0) throw Error("cannot seek in " + part.string() + ": " + std::strerror(errno));
}

void PartFile::requireRoomFor(uint64_t bytes) const {
  if (bytes <= m_maxBytes) return;
  throw SourceFileTooLarge(m_from + ": " + std::to_string(bytes) + " bytes, more than the " +
                           std::to_string(m_maxBytes) + " (" + formatBytes(m_maxBytes) +
                           ") this file may have; the download was stopped");
}

void PartFile::append(const char* data, std::size_t length) {
  requireRoomFor(m_size + length);
  std::size_t done = 0;
  while (done < length) {
    const ssize_t n = ::write(m_fd.get(), data + done, length - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = n < 0 ? errno : ENOSPC;  // a short write of 0 bytes: the disk is full
      m_size += done;
      const bool full = error == ENOSPC || error == EDQUOT;
      throw PartWriteFailed("cannot write " + m_path.string() + " at byte " + std::to_string(m_size) + ": " +
                            (full ? std::string("the disk is full") : std::strerror(error)));
    }
    done += static_cast<std::size_t>(n);
  }
  m_size += length;
}

void PartFile::truncate() {
  if (::ftruncate(m_fd.get(), 0) != 0 || ::lseek(m_fd.get(), 0, SEEK_SET) < 0)
    throw PartWriteFailed("cannot empty " + m_path.string() + ": " + std::strerror(errno));
  m_size = 0;
}

}  // namespace sd
