#include "core/util/regular_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/error.h"
#include "core/util/no_follow.h"

namespace sd {

namespace {

std::int64_t modifiedNs(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

}  // namespace

RegularFile::RegularFile(const std::filesystem::path& path) : m_path(path) {
  // O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer.
  m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (m_fd < 0) throw Error("cannot open " + path.string() + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(m_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const bool isFolder = S_ISDIR(st.st_mode);
    ::close(m_fd);
    throw Error(path.string() + (isFolder ? " is a folder, not a file" : " is not a regular file (a pipe or device?)"));
  }
  m_size = static_cast<std::uint64_t>(st.st_size);
  m_mtimeNs = modifiedNs(st);
}

RegularFile::RegularFile(int fd, const std::filesystem::path& shownAs) : m_path(shownAs), m_fd(fd) {
  struct stat st {};
  if (::fstat(m_fd, &st) != 0) {
    ::close(m_fd);
    throw Error("cannot stat " + shownAs.string() + ": " + std::strerror(errno));
  }
  m_size = static_cast<std::uint64_t>(st.st_size);
  m_mtimeNs = modifiedNs(st);
}

RegularFile RegularFile::beneath(const std::filesystem::path& folder, const std::filesystem::path& relative) {
  return RegularFile(openRegularBeneath(folder, relative).release(), folder / relative);
}

RegularFile::~RegularFile() {
  if (m_fd >= 0) ::close(m_fd);
}

RegularFile::RegularFile(RegularFile&& other) noexcept
    : m_path(std::move(other.m_path)), m_fd(other.m_fd), m_size(other.m_size), m_mtimeNs(other.m_mtimeNs) {
  other.m_fd = -1;
}

void RegularFile::readAt(std::uint64_t offset, void* out, std::size_t length) const {
  auto* dest = static_cast<char*>(out);
  std::size_t done = 0;
  while (done < length) {
    const ssize_t n = ::pread(m_fd, dest + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) throw Error("cannot read " + m_path.string() + ": " + std::strerror(errno));
    if (n == 0)
      throw Error(m_path.string() + ": the file ends at byte " + std::to_string(offset + done) + " but " +
                  std::to_string(offset + length) + " were expected; it was truncated or replaced while in use");
    done += static_cast<std::size_t>(n);
  }
}

void RegularFile::requireUnchanged() const {
  struct stat st {};
  if (::fstat(m_fd, &st) != 0) throw Error("cannot stat " + m_path.string() + ": " + std::strerror(errno));
  if (static_cast<std::uint64_t>(st.st_size) != m_size || modifiedNs(st) != m_mtimeNs)
    throw Error(m_path.string() + " changed on disk while it was in use (now " + std::to_string(st.st_size) +
                " bytes, was " + std::to_string(m_size) + "); open it again");
}

}  // namespace sd
