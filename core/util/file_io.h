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

std::string readTextFile(const std::filesystem::path& path);

}  // namespace sd
