#pragma once
// The "<file>.part" a model source appends a download to, kept honest: it
// is opened without following a symbolic link (a .part linked to ~/.bashrc
// is refused, not appended to), it never grows past the file's byte cap (a
// server that sends more is stopped at the cap), and a failed write says
// whether the disk is full. The installer deletes the .part after either
// failure (model_install.h); a cancel or a dropped connection keeps it.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/util/no_follow.h"

namespace sd {

class PartFile {
 public:
  // `from`: where the bytes come from, for messages (a URL or a path).
  // Throws sd::Error when the .part cannot be opened or is a link.
  PartFile(const std::filesystem::path& part, uint64_t maxBytes, std::string from);

  uint64_t size() const { return m_size; }
  uint64_t maxBytes() const { return m_maxBytes; }
  const std::filesystem::path& path() const { return m_path; }

  // Throws SourceFileTooLarge when `bytes` would end beyond maxBytes().
  void requireRoomFor(uint64_t bytes) const;
  // Appends; throws SourceFileTooLarge (nothing written) or PartWriteFailed.
  void append(const char* data, std::size_t length);
  // Empties it, for a source that starts again from byte 0.
  void truncate();

 private:
  std::filesystem::path m_path;
  uint64_t m_maxBytes;
  std::string m_from;
  UniqueFd m_fd;
  uint64_t m_size = 0;
};

}  // namespace sd
