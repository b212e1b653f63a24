#pragma once
// Where the files of a model come from when it is installed: the catalogue's
// web address, a mirror, or a local folder. The installer (model_install.h)
// asks a source to append one file's bytes to its .part file; the source
// knows nothing of verification or of where the file finally goes. The HTTP
// source lives in net/ (QtNetwork); the local-folder one here. No Qt.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "core/catalogue/known_models.h"
#include "core/util/error.h"

namespace sd {

// The source does not have this file (HTTP 404, no such file): the
// installer skips an optional file and fails on a required one.
class SourceFileMissing : public Error {
 public:
  using Error::Error;
};

// The source sent (or announced) more than the file may have: the installer
// deletes the .part, the download is not resumed.
class SourceFileTooLarge : public Error {
 public:
  using Error::Error;
};

// The .part could not be written (a full disk, a quota): the installer
// deletes it, since its tail is not known to be good and it holds space.
class PartWriteFailed : public Error {
 public:
  using Error::Error;
};

struct FetchContext {
  // Called with the .part file's size after each chunk (from any thread the
  // source runs in), and the file's full size once the source knows it (0
  // while unknown).
  std::function<void(uint64_t partBytes, uint64_t totalBytes)> progress;
  // Set by another thread to stop; the source then throws sd::Cancelled and
  // leaves the .part file for a later resume.
  const std::atomic<bool>* cancel = nullptr;
  // The most bytes the file may have (KnownModelFile::byteCap); a source
  // throws SourceFileTooLarge before the .part would pass it.
  uint64_t maxBytes = UINT64_MAX;
  bool cancelled() const { return cancel && cancel->load(); }
};

class ModelSource {
 public:
  virtual ~ModelSource() = default;
  // Where `path` (a file's path in the catalogue) is read from, for messages.
  virtual std::string locate(const std::string& path) const = 0;
  // Appends the rest of the file to `part`, resuming after the bytes it
  // already holds (restarting from zero if the source cannot resume).
  // Returns when the source has sent the whole file; throws sd::Error naming
  // the address or file, SourceFileMissing, SourceFileTooLarge,
  // PartWriteFailed, or sd::Cancelled. The .part is opened without following
  // a symbolic link (core/util/no_follow.h), and so is a local source's file.
  virtual void fetch(const KnownModelFile& spec, const std::filesystem::path& part, const FetchContext& context) = 0;
};

// A folder holding the model's files at their catalogue paths (a copy of the
// model folder, a mounted share, a mirror on disk).
class LocalFolderSource : public ModelSource {
 public:
  explicit LocalFolderSource(std::filesystem::path folder) : m_folder(std::move(folder)) {}
  std::string locate(const std::string& path) const override;
  void fetch(const KnownModelFile& spec, const std::filesystem::path& part, const FetchContext& context) override;

 private:
  std::filesystem::path m_folder;
};

}  // namespace sd
