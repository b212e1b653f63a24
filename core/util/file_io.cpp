#include "core/util/file_io.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
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

}  // namespace

void writeFileAtomically(const std::filesystem::path& path, std::span<const std::byte> bytes) {
  const auto folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string tmpl = (folder / temporaryName(path.filename().string())).string();
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

std::string readTextFile(const std::filesystem::path& path, std::size_t maxBytes) {
  const RegularFile file(path);
  if (file.size() > maxBytes)
    throw Error(path.string() + " is " + std::to_string(file.size()) + " bytes, over the " + std::to_string(maxBytes) +
                "-byte limit for this kind of file");
  std::string text(static_cast<std::size_t>(file.size()), '\0');
  file.readAt(0, text.data(), text.size());
  return text;
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
