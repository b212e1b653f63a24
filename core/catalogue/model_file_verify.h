#pragma once
// Verifies one downloaded (or imported) model file against its catalogue
// entry before it is used: the exact size or the size range, then the
// sha256 when the catalogue knows it, else — for .safetensors — the tensor
// count and tensor bytes from the file's header. Pure C++, no Qt.
#include <atomic>
#include <filesystem>
#include <string>

#include "core/catalogue/known_models.h"

namespace sd {

struct FileVerdict {
  bool ok = false;
  bool sha256Known = false;  // false: only size (and tensors) could be checked
  std::string actualSha256;  // when it was computed
  std::string message;       // one line naming the file: what was checked, or what is wrong
};

// `shownName` names the file in messages (its path in the model, or a URL).
// `useHashCache` remembers the hash of a file that stays (an installed
// file); a .part about to be renamed is hashed afresh, stopping with
// sd::Cancelled when `cancel` is set.
FileVerdict verifyModelFile(const KnownModelFile& spec, const std::filesystem::path& file, const std::string& shownName,
                            bool useHashCache, const std::atomic<bool>* cancel = nullptr);

// The sentence printed when a file has no published sha256.
// What an install checks for this model's files, in one line for the user:
// "3 of 12 files by sha256; the other 9 by size (and tensor count for weights)".
std::string describeChecks(const KnownModel& model);

inline constexpr const char* kSha256Unknown = "sha256 not known: checked size and tensors only";

}  // namespace sd
