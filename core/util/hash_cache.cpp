#include "core/util/hash_cache.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/app_dirs.h"
#include "core/util/bounded_json.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/sha256.h"

namespace sd {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kFormatVersion = 1;
// 1000 entries with paths of up to 4 KB stay under 5 MB; the format nests
// three levels ({"files": {path: {…}}}).
constexpr JsonLimits kLimits{8u << 20, 4};

struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t mtimeNs = 0;
  bool operator==(const FileStamp&) const = default;
};

struct Entry {
  FileStamp stamp;
  std::string sha256;
  std::int64_t hashedAtNs = 0;  // when it was hashed: the oldest go first
};

using Entries = std::map<std::string, Entry>;

// Size and mtime of a regular file; a FIFO or device is refused before
// anything opens it (opening a FIFO blocks, a device never ends).
std::optional<FileStamp> tryStamp(const fs::path& file, std::string* why = nullptr) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    if (why) *why = std::strerror(errno);
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    if (why) *why = "not a regular file";
    return std::nullopt;
  }
  return FileStamp{static_cast<std::uint64_t>(st.st_size),
                   static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

bool isSha256Hex(const std::string& text) {
  return text.size() == 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::optional<Entry> parseEntry(const json& j) {
  if (!j.is_object()) return std::nullopt;
  const auto size = j.find("size"), mtime = j.find("mtime_ns"), hash = j.find("sha256"), at = j.find("hashed_at_ns");
  if (size == j.end() || !size->is_number_unsigned() || mtime == j.end() || !mtime->is_number_integer() ||
      hash == j.end() || !hash->is_string() || at == j.end() || !at->is_number_integer())
    return std::nullopt;
  Entry e{{size->get<std::uint64_t>(), mtime->get<std::int64_t>()}, hash->get<std::string>(), at->get<std::int64_t>()};
  if (!isSha256Hex(e.sha256)) return std::nullopt;
  return e;
}

// What the cache file holds; missing, oversized, malformed or foreign
// files and entries read as nothing.
Entries readEntries(const fs::path& cacheFile) {
  Entries out;
  std::string text;
  try {
    text = readTextFile(cacheFile, kLimits.maxBytes);
  } catch (const Error&) {
    return out;
  }
  const json doc = tryParseBoundedJson(text, kLimits);
  if (!doc.is_object()) return out;
  const auto version = doc.find("version"), files = doc.find("files");
  if (version == doc.end() || *version != kFormatVersion || files == doc.end() || !files->is_object()) return out;
  for (const auto& [path, value] : files->items())
    if (auto entry = parseEntry(value)) out.emplace(path, std::move(*entry));
  return out;
}

void keepNewest(Entries& entries, std::size_t maxEntries) {
  if (entries.size() <= maxEntries) return;
  std::vector<std::pair<std::int64_t, std::string>> byAge;  // newest first
  for (const auto& [path, e] : entries) byAge.emplace_back(e.hashedAtNs, path);
  std::sort(byAge.begin(), byAge.end(), std::greater<>());
  for (std::size_t i = maxEntries; i < byAge.size(); ++i) entries.erase(byAge[i].second);
}

// Best effort: a cache folder that cannot be written only costs speed.
void writeEntries(const fs::path& cacheFile, const Entries& entries) {
  json files = json::object();
  for (const auto& [path, e] : entries)
    files[path] = {{"size", e.stamp.size}, {"mtime_ns", e.stamp.mtimeNs}, {"sha256", e.sha256},
                   {"hashed_at_ns", e.hashedAtNs}};
  const json doc = {{"version", kFormatVersion}, {"files", std::move(files)}};
  // A path that is not UTF-8 is written with U+FFFD and so never matches:
  // that file is hashed every time, as before the cache.
  const std::string text = doc.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
  std::error_code ec;
  if (cacheFile.has_parent_path()) fs::create_directories(cacheFile.parent_path(), ec);
  try {
    writeFileAtomically(cacheFile, text);
  } catch (const Error&) {
  }
}

std::int64_t nowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

HashCache::HashCache(fs::path cacheFile, std::size_t maxEntries)
    : m_cacheFile(std::move(cacheFile)), m_maxEntries(maxEntries) {}

std::string HashCache::sha256(const fs::path& file) const {
  std::string why;
  const auto before = tryStamp(file, &why);
  if (!before) throw Error("cannot hash " + file.string() + ": " + why);
  std::error_code ec;
  const fs::path absolute = fs::absolute(file, ec);
  const std::string key = (ec ? file : absolute).lexically_normal().string();

  if (!m_cacheFile.empty()) {
    const auto entries = readEntries(m_cacheFile);
    if (const auto it = entries.find(key); it != entries.end() && it->second.stamp == *before) return it->second.sha256;
  }
  std::string hash = sha256File(file);
  // A file rewritten while it was read has no one hash to remember.
  if (m_cacheFile.empty() || tryStamp(file) != before) return hash;

  // Read again: another process may have added entries while this one hashed.
  auto entries = readEntries(m_cacheFile);
  std::int64_t at = nowNs();
  for (const auto& [path, e] : entries)  // the newest, whatever the clock (or a hostile file) says
    at = std::max(at, e.hashedAtNs == INT64_MAX ? e.hashedAtNs : e.hashedAtNs + 1);
  entries[key] = Entry{*before, hash, at};
  keepNewest(entries, m_maxEntries);
  writeEntries(m_cacheFile, entries);
  return hash;
}

fs::path defaultHashCacheFile() {
  const auto dir = userCacheDir();
  return dir.empty() ? fs::path() : dir / "file-hashes.json";
}

std::string cachedSha256File(const fs::path& file) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  return HashCache(defaultHashCacheFile()).sha256(file);
}

}  // namespace sd
