#pragma once
// A file from someone else, opened for reading without trusting it to stay
// put: only regular files open (a FIFO named like a model would block the
// open forever, a device would never end), reads go through pread with
// their length checked (a file truncated under us gives an error naming it,
// where a memory map would kill the process with SIGBUS), and a change
// on disk since opening can be detected.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace sd {

class RegularFile {
 public:
  // Throws sd::Error naming the file when it is missing, unreadable or not
  // a regular file.
  explicit RegularFile(const std::filesystem::path& path);
  // folder/relative, following no symbolic link below `folder`
  // (core/util/no_follow.h): for folders someone else filled.
  static RegularFile beneath(const std::filesystem::path& folder, const std::filesystem::path& relative);
  ~RegularFile();
  RegularFile(RegularFile&& other) noexcept;
  RegularFile& operator=(RegularFile&&) = delete;
  RegularFile(const RegularFile&) = delete;
  RegularFile& operator=(const RegularFile&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  std::uint64_t size() const { return m_size; }  // when opened

  // Exactly `length` bytes at `offset`; throws sd::Error naming the file
  // when they are not all there (it shrank since it was opened).
  void readAt(std::uint64_t offset, void* out, std::size_t length) const;
  // Throws sd::Error when the file's size or modification time is not what
  // it was when opened (it was overwritten in place).
  void requireUnchanged() const;

 private:
  RegularFile(int fd, const std::filesystem::path& shownAs);  // takes over an open regular file
  std::filesystem::path m_path;
  int m_fd = -1;
  std::uint64_t m_size = 0;
  std::int64_t m_mtimeNs = 0;
};

}  // namespace sd
