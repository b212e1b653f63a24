#include "core/util/file_io.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "core/util/error.h"

namespace sd {

namespace {

void writeAll(int fd, std::span<const std::byte> bytes, const std::filesystem::path& shownAs) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error("cannot write " + shownAs.string() + ": " + std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& path, std::span<const std::byte> bytes) {
  const auto folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string tmpl = (folder / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) throw Error("cannot create a file in " + folder.string() + ": " + std::strerror(errno));
  try {
    writeAll(fd, bytes, path);
    if (::fsync(fd) != 0) throw Error("cannot write " + path.string() + ": " + std::strerror(errno));
    if (::fchmod(fd, 0644) != 0) { /* keep mkstemp's 0600 if the filesystem refuses */ }
  } catch (...) {
    ::close(fd);
    ::unlink(tmpl.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmpl.c_str());
    throw Error("cannot write " + path.string() + ": " + why);
  }
}

void writeFileAtomically(const std::filesystem::path& path, const std::string& text) {
  writeFileAtomically(path, std::as_bytes(std::span(text.data(), text.size())));
}

std::string readTextFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open " + path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace sd
