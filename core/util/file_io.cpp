#include "core/util/file_io.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/error.h"
#include "core/util/regular_file.h"

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

// ".<name>.tmp-XXXXXX", with <name> shortened (at a UTF-8 boundary) so the
// whole stays within the 255 bytes a file name may have: a legal 254-byte
// name must not fail for its temporary's sake.
std::string temporaryName(const std::string& name) {
  constexpr std::size_t kMaxName = 255, kDecoration = 1 + 11;  // "." + ".tmp-XXXXXX"
  std::size_t keep = std::min(name.size(), kMaxName - kDecoration);
  while (keep > 0 && keep < name.size() && (static_cast<unsigned char>(name[keep]) & 0xC0) == 0x80) --keep;
  std::string temporary(1, '.');  // appended piecewise: GCC 12 warns falsely (-Wrestrict) on "." + substr
  temporary.append(name, 0, keep);
  return temporary.append(".tmp-XXXXXX");
}

// The process's umask, read without changing it (umask(2) can only be read
// by setting it, which would race with other threads creating files).
mode_t currentUmask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("Umask:", 0) == 0) return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
  return 022;
}

// A replaced file keeps its permissions (a user's chmod 600 stays); a new
// one gets 0666 less the umask, as any program's new file would.
mode_t modeFor(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 07777;
  return 0666 & ~currentUmask();
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& path, std::span<const std::byte> bytes) {
  const auto folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string tmpl = (folder / temporaryName(path.filename().string())).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) throw Error("cannot create a file in " + folder.string() + ": " + std::strerror(errno));
  try {
    writeAll(fd, bytes, path);
    if (::fsync(fd) != 0) throw Error("cannot write " + path.string() + ": " + std::strerror(errno));
    if (::fchmod(fd, modeFor(path)) != 0) { /* keep mkstemp's 0600 if the filesystem refuses */ }
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
  // The rename itself reaches the disk only with its folder.
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

void writeFileAtomically(const std::filesystem::path& path, const std::string& text) {
  writeFileAtomically(path, std::as_bytes(std::span(text.data(), text.size())));
}

namespace {

std::string readWhole(const RegularFile& file, const std::filesystem::path& path, std::size_t maxBytes) {
  if (file.size() > maxBytes)
    throw Error(path.string() + " is " + std::to_string(file.size()) + " bytes, over the " + std::to_string(maxBytes) +
                "-byte limit for this kind of file");
  std::string text(static_cast<std::size_t>(file.size()), '\0');
  file.readAt(0, text.data(), text.size());
  return text;
}

}  // namespace

std::string readTextFile(const std::filesystem::path& path, std::size_t maxBytes) {
  return readWhole(RegularFile(path), path, maxBytes);
}

std::string readFileBeneath(const std::filesystem::path& folder, const std::filesystem::path& relative,
                            std::size_t maxBytes) {
  return readWhole(RegularFile::beneath(folder, relative), folder / relative, maxBytes);
}

void requireWritableFolder(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path existing = fs::absolute(folder, ec);
  while (!fs::exists(existing, ec) && existing.has_relative_path()) existing = existing.parent_path();
  if (!fs::is_directory(existing, ec))
    throw Error("cannot write in " + folder.string() + ": " + existing.string() + " is not a folder");
  // Permission bits alone do not say it (root ignores them, a read-only
  // mount overrides them): create a file and take it away again.
  std::string probe = (existing / ".sdstudio-write-test-XXXXXX").string();
  const int fd = ::mkstemp(probe.data());
  if (fd < 0) {
    const std::string why = std::strerror(errno);
    if (fs::equivalent(existing, fs::absolute(folder, ec), ec)) throw Error("cannot write in " + folder.string() + ": " + why);
    throw Error("cannot create " + folder.string() + " in " + existing.string() + ": " + why);
  }
  ::close(fd);
  ::unlink(probe.c_str());
}

}  // namespace sd
