#pragma once
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>

namespace sd {

// Writes bytes to `path` atomically: a temporary file in the same folder,
// fsync, then rename. A crash or a full disk leaves the old file (or none),
// never a truncated one. Errors name the file and the reason.
void writeFileAtomically(const std::filesystem::path& path, std::span<const std::byte> bytes);
void writeFileAtomically(const std::filesystem::path& path, const std::string& text);

// The whole file; throws sd::Error naming it when it is missing, not a
// regular file (a FIFO or device would block or never end) or larger than
// `maxBytes`.
std::string readTextFile(const std::filesystem::path& path, std::size_t maxBytes = std::size_t(1) << 30);
// The same for folder/relative, following no symbolic link below `folder`
// (core/util/no_follow.h): for files of folders someone else filled.
std::string readFileBeneath(const std::filesystem::path& folder, const std::filesystem::path& relative,
                            std::size_t maxBytes = std::size_t(1) << 30);

// Proves that files can be written in `folder` — or, when it does not
// exist yet, that it can be made in its nearest existing parent — by
// creating a file there and deleting it: a read-only mount or someone
// else's folder is refused now, not after an hour of rendering. Leaves
// nothing behind. Throws sd::Error naming the folder and the reason.
void requireWritableFolder(const std::filesystem::path& folder);

}  // namespace sd
