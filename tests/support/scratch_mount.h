#pragma once
// A small tmpfs for fault injection: a disk that fills after a few images,
// or a folder that turns read-only, on demand. Mounting needs root (and a
// container that allows it); elsewhere ok() is false and why() says so, for
// the test to QSKIP with that reason.
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace sd::test {

class ScratchMount {
 public:
  ScratchMount(const std::filesystem::path& folder, long bytes) : m_path(folder) {
    std::filesystem::create_directories(m_path);
    if (::geteuid() != 0) {
      m_why = "mounting a tmpfs needs root";
      return;
    }
    if (::mount("tmpfs", m_path.c_str(), "tmpfs", 0, options(bytes).c_str()) != 0) {
      m_why = std::string("cannot mount a tmpfs here: ") + std::strerror(errno);
      return;
    }
    m_mounted = true;
  }
  ~ScratchMount() {
    if (m_mounted) ::umount2(m_path.c_str(), MNT_DETACH);
  }
  ScratchMount(const ScratchMount&) = delete;
  ScratchMount& operator=(const ScratchMount&) = delete;

  bool ok() const { return m_mounted; }
  const char* why() const { return m_why.c_str(); }
  const std::filesystem::path& path() const { return m_path; }

  // Remounts with a new size and/or read-only; false when the kernel refuses.
  bool remount(long bytes, bool readOnly) {
    const unsigned long flags = MS_REMOUNT | (readOnly ? MS_RDONLY : 0);
    return m_mounted && ::mount("tmpfs", m_path.c_str(), "tmpfs", flags, options(bytes).c_str()) == 0;
  }

 private:
  static std::string options(long bytes) { return "size=" + std::to_string(bytes) + ",mode=0755"; }

  std::filesystem::path m_path;
  bool m_mounted = false;
  std::string m_why;
};

}  // namespace sd::test
