#pragma once
// Opening files in folders that someone else filled (a model folder given
// with --source, a gallery to export, a .part left in the models folder)
// without following symbolic links out of them: `config.json` linked to
// ~/.ssh/id_rsa must not be copied into the models folder or an export, and
// a `.part` linked to ~/.bashrc must not be appended to or truncated. Each
// path component below the folder is opened with O_NOFOLLOW, and what is
// finally opened is checked on its descriptor (a regular file), so a link
// swapped in between a check and the open cannot slip through.
#include <filesystem>

namespace sd {

// A file descriptor closed on destruction; -1 when empty.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : m_fd(fd) {}
  ~UniqueFd();
  UniqueFd(UniqueFd&& other) noexcept : m_fd(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const { return m_fd; }
  int release() {
    const int fd = m_fd;
    m_fd = -1;
    return fd;
  }

 private:
  int m_fd = -1;
};

// Opens folder/relative for reading; no component of `relative` may be a
// symbolic link or "..". (`folder` itself is the user's choice and may be
// one.) Throws sd::Error naming folder/relative: "is a symbolic link; …",
// missing, or not a regular file.
UniqueFd openRegularBeneath(const std::filesystem::path& folder, const std::filesystem::path& relative);

// Opens `path` for reading and writing, creating it (mode 0666 less the
// umask) when absent, refusing a symbolic link or anything but a regular
// file at `path`. For .part files and other files the program appends to.
UniqueFd openWritableNoFollow(const std::filesystem::path& path);

// True when `path` itself (not what it points to) is a symbolic link.
bool isSymlink(const std::filesystem::path& path);

}  // namespace sd
