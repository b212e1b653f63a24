#pragma once
// Installing a catalogue model into a models folder, safely: a plan first
// (which files are installed and verified, which have a .part to resume,
// which are missing), a disk-space check against the bytes still to come,
// then each file is fetched into "<file>.part" beside its target, verified
// (sha256 when known, else size and tensors) and only then renamed into
// place. A failed check deletes the .part and installs nothing; a cancel or
// a dropped source keeps it, and the next install resumes from its size. A
// file that grows past its cap or cannot be written (a full disk) deletes
// its .part too. An installed file is never replaced by an unverified one,
// and a different file the user keeps at a catalogue path (a fine-tuned
// UNet under the standard name) is replaced only when asked (`replace`).
// Pure C++, no Qt: the CLI runs it on its main thread, the window on a
// worker thread.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/catalogue/known_models.h"
#include "core/catalogue/model_source.h"

namespace sd {

enum class PlannedState {
  Installed,  // the target exists and verified
  Partial,    // a .part holds the first bytes: resume from its size
  Missing,    // nothing yet
  Different,  // a file is there that is not the catalogue's (wrong size or hash): the user's
};

struct PlannedFile {
  const KnownModelFile* spec = nullptr;
  std::filesystem::path target;  // <folder>/<path>
  std::filesystem::path part;    // <target>.part
  PlannedState state = PlannedState::Missing;
  uint64_t partBytes = 0;        // the resume offset
  std::string note;              // why a present target does not count (wrong size, hash…)
  uint64_t expectedBytes() const;  // exact size, else its cap (KnownModelFile::byteCap)
};

struct InstallPlan {
  const KnownModel* model = nullptr;
  std::filesystem::path folder;  // where the model's files go
  std::vector<PlannedFile> files;
  bool installed() const;        // every required file verified
  uint64_t bytesStillNeeded() const;  // over the files to fetch, minus their .part bytes
  uint64_t totalBytes() const;   // the expected size of every file
};

// <modelsDir>/<model.folder>, or modelsDir itself for single-file models.
std::filesystem::path modelInstallFolder(const KnownModel& model, const std::filesystem::path& modelsDir);

// Looks at what is on disk. `verifyHashes`: installed files are hashed (via
// the hash cache) rather than only sized.
InstallPlan planInstall(const KnownModel& model, const std::filesystem::path& modelsDir, bool verifyHashes);

// Throws sd::Error naming the folder and both numbers when the file system
// holding `folder` (or its nearest existing parent) has less free space.
void requireDiskSpace(const std::filesystem::path& folder, uint64_t bytesNeeded);

// Verifies a complete .part and renames it onto its target. On a failed
// check the .part is deleted and sd::Error names the file, what was
// expected and what was found ("…; the download was deleted"). Returns
// the verification message.
// A cancel while it is hashed (seconds per GB) keeps the .part, complete,
// for the next install to check.
std::string finishPartFile(const PlannedFile& file, const std::string& shownName,
                           const std::atomic<bool>* cancel = nullptr);

// Files that are not the catalogue's are at its paths and replacing them
// was not asked for: nothing was fetched.
class DifferentFilesPresent : public Error {
 public:
  using Error::Error;
};

struct InstallProgress {
  std::string file;        // catalogue path of the file being fetched or verified
  std::string phase;       // "downloading", "verifying"
  uint64_t done = 0;       // bytes of the whole model present so far
  uint64_t total = 0;
};

struct InstallOptions {
  std::function<void(const InstallProgress&)> progress;  // any thread
  std::function<void(const std::string&)> note;          // a line for the user (skipped optional file…)
  const std::atomic<bool>* cancel = nullptr;
  // Replace files that are there but are not the catalogue's (Different);
  // without it the install stops before fetching anything and names them.
  bool replace = false;
};

struct InstallResult {
  std::filesystem::path folder;
  std::vector<std::string> verified;   // one line per file: installed now, already there, replaced, skipped
  std::vector<std::string> installed;  // catalogue paths written by this install
  std::vector<std::string> replaced;   // of those, the ones that replaced a different file
  uint64_t bytesFetched = 0;
};

// The lock an install of `model` into `modelsDir` holds (flock): two
// `models get`, or a window and a `models get`, on one folder would
// interleave their .part files. "<modelsDir>/.<id>.install-lock".
std::filesystem::path installLockPath(const KnownModel& model, const std::filesystem::path& modelsDir);

// Plans, checks the disk, fetches what is missing from `source`, verifies,
// renames. Throws sd::Error (nothing half-installed is left looking
// complete; the message says which files were installed before it) or
// sd::Cancelled (the .part files stay for a resume).
InstallResult installModel(const KnownModel& model, const std::filesystem::path& modelsDir, ModelSource& source,
                           const InstallOptions& options = {});

}  // namespace sd
