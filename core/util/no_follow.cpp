#include "core/util/no_follow.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/util/error.h"

namespace sd {

namespace fs = std::filesystem;

UniqueFd::~UniqueFd() {
  if (m_fd >= 0) ::close(m_fd);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = other.release();
  }
  return *this;
}

namespace {

[[noreturn]] void refuse(const fs::path& shown, int error) {
  if (error == ELOOP || error == EMLINK)  // O_NOFOLLOW on a link: ELOOP (EMLINK on some BSDs)
    throw Error(shown.string() + " is a symbolic link; SD Studio does not follow links out of this folder "
                "(copy the file itself there instead)");
  if (error == ENOTDIR) throw Error(shown.string() + ": a part of the path is a symbolic link or not a folder");
  if (error == ENOENT) throw Error(shown.string() + ": no such file");
  throw Error("cannot open " + shown.string() + ": " + std::strerror(error));
}

void requireRegular(int fd, const fs::path& shown) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw Error("cannot stat " + shown.string() + ": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw Error(shown.string() + " is a folder, not a file");
  if (!S_ISREG(st.st_mode)) throw Error(shown.string() + " is not a regular file (a pipe or device?)");
}

}  // namespace

UniqueFd openRegularBeneath(const fs::path& folder, const fs::path& relative) {
  const fs::path shown = folder / relative;
  UniqueFd dir(::open(folder.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) refuse(folder, errno);
  std::vector<fs::path> parts(relative.begin(), relative.end());
  if (parts.empty() || relative.is_absolute()) throw Error(shown.string() + ": not a file inside " + folder.string());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string name = parts[i].string();
    if (name == "..") throw Error(shown.string() + ": '..' leaves " + folder.string());
    if (name.empty() || name == ".") continue;
    const bool last = i + 1 == parts.size();
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    const int flags = last ? O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY
                           : O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    UniqueFd next(::openat(dir.get(), name.c_str(), flags));
    if (next.get() < 0) refuse(last ? shown : folder / relative.parent_path(), errno);
    dir = std::move(next);
  }
  requireRegular(dir.get(), shown);
  // Reads should block normally from here on.
  const int fl = ::fcntl(dir.get(), F_GETFL);
  if (fl >= 0) ::fcntl(dir.get(), F_SETFL, fl & ~O_NONBLOCK);
  return dir;
}

UniqueFd openWritableNoFollow(const fs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0666));
  if (fd.get() < 0) refuse(path, errno);
  requireRegular(fd.get(), path);
  const int fl = ::fcntl(fd.get(), F_GETFL);
  if (fl >= 0) ::fcntl(fd.get(), F_SETFL, fl & ~O_NONBLOCK);
  return fd;
}

bool isSymlink(const fs::path& path) {
  std::error_code ec;
  return fs::is_symlink(fs::symlink_status(path, ec));
}

}  // namespace sd
