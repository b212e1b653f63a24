#pragma once
// SHA-256 of large files, remembered across runs: even at 1.5 GB/s, hashing
// a 4 GB checkpoint for A1111's "Model hash" costs seconds on every
// `generate` and every model switch, for a file that rarely changes. Like
// A1111's cache.json, a file's hash is kept under its absolute path with its
// size and modification time (nanoseconds); a change of either rehashes.
//
// The cache is one small JSON file, rewritten whole and atomically (a
// temporary, then rename): processes that race each write a complete file
// and the last one wins; an entry lost that way is only hashed again. It
// holds at most `maxEntries` entries, dropping the ones hashed longest ago.
// The file is read as untrusted (size and depth bounded, every entry
// checked): a corrupt one is ignored and replaced on the next write. A cache
// that cannot be written (read-only home, no home) only costs speed.
#include <cstddef>
#include <filesystem>
#include <string>

namespace sd {

class HashCache {
 public:
  static constexpr std::size_t kDefaultMaxEntries = 1000;

  // `cacheFile` empty: nothing is remembered (every call hashes).
  explicit HashCache(std::filesystem::path cacheFile, std::size_t maxEntries = kDefaultMaxEntries);

  // The lower-case hex sha256 of `file`, from the cache when its path, size
  // and mtime match an entry, else read and hashed and then recorded.
  // Throws sd::Error naming `file` when it cannot be read.
  std::string sha256(const std::filesystem::path& file) const;

  const std::filesystem::path& cacheFile() const { return m_cacheFile; }

 private:
  std::filesystem::path m_cacheFile;
  std::size_t m_maxEntries;
};

// userCacheDir()/file-hashes.json; empty when there is no cache folder.
std::filesystem::path defaultHashCacheFile();

// HashCache(defaultHashCacheFile()).sha256(file), serialised within the
// process so threads do not hash the same file twice at once.
std::string cachedSha256File(const std::filesystem::path& file);

}  // namespace sd
