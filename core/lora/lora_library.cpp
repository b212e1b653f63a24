#include "core/lora/lora_library.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

#include "core/io/safetensors.h"
#include "core/catalogue/model_search_paths.h"
#include "core/util/error.h"
#include "core/util/sha256.h"

namespace sd {

namespace fs = std::filesystem;

namespace {

constexpr const char* kExtension = ".safetensors";

std::string listDirs(const std::vector<fs::path>& dirs) {
  std::string out;
  for (const auto& d : dirs) out += (out.empty() ? "" : ", ") + d.string();
  return out.empty() ? "(no folder)" : out;
}

std::string addnetHash(const fs::path& path, uint64_t headerSize) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read LoRA file " + path.string());
  in.seekg(static_cast<std::streamoff>(8 + headerSize));
  Sha256 sha;
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (in.gcount() > 0) sha.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (!in.eof()) throw Error("cannot read LoRA file " + path.string());
  return sha.finishHex();
}

}  // namespace

std::vector<fs::path> loraSearchDirs(const fs::path& loraDir) {
  if (!loraDir.empty()) return {loraDir};
  std::vector<fs::path> dirs;
  for (const auto& d : modelSearchPaths()) dirs.push_back(d.path / "lora");
  return dirs;
}

fs::path findLoraFile(const std::string& name, const std::vector<fs::path>& dirs) {
  const bool safeName = !name.empty() && name.find_first_of("/\\") == std::string::npos && name != "." &&
                        name != "..";
  if (safeName)
    for (const auto& dir : dirs) {
      const auto candidate = dir / (name + kExtension);
      std::error_code ec;
      if (fs::is_regular_file(candidate, ec)) return candidate;
      if (fs::exists(candidate, ec))  // a FIFO, a folder: there, but no file to read
        throw Error("LoRA '" + name + "': " + candidate.string() + " is not a regular file (a folder, pipe or device?)");
    }
  throw Error("LoRA '" + name + "' not found: no " + name + kExtension + " in " + listDirs(dirs));
}

std::vector<std::string> availableLoras(const std::vector<fs::path>& dirs) {
  std::set<std::string> names;
  for (const auto& dir : dirs) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->path().extension() == kExtension && it->is_regular_file(ec)) names.insert(it->path().stem().string());
  }
  return {names.begin(), names.end()};
}

std::string loraShortHash(const fs::path& file) {
  static std::mutex mutex;
  static std::map<std::tuple<std::string, uintmax_t, fs::file_time_type>, std::string> cache;
  std::error_code ec;
  const auto key = std::make_tuple(fs::absolute(file, ec).string(), fs::file_size(file, ec), fs::last_write_time(file, ec));
  if (ec) throw Error("cannot read LoRA file " + file.string() + ": " + ec.message());
  std::lock_guard lock(mutex);
  if (const auto it = cache.find(key); it != cache.end()) return it->second;
  const auto st = SafetensorsFile::open(file);
  const auto meta = st.metadata().find("sshs_model_hash");
  auto hash = meta != st.metadata().end() && !meta->second.empty() ? meta->second : addnetHash(file, st.headerSize());
  hash = hash.substr(0, 12);
  cache.emplace(key, hash);
  return hash;
}

std::vector<std::pair<std::string, std::string>> loraHashes(const std::string& prompt,
                                                            const std::vector<fs::path>& dirs) {
  std::vector<std::pair<std::string, std::string>> out;
  std::vector<LoraTag> tags;
  try {
    tags = loraTags(prompt);
  } catch (const Error&) {
    return out;
  }
  for (const auto& tag : tags) {
    std::string name = tag.name;
    std::erase_if(name, [](char c) { return c == ':' || c == ','; });
    if (std::any_of(out.begin(), out.end(), [&](const auto& e) { return e.first == name; })) continue;
    try {
      out.emplace_back(name, loraShortHash(findLoraFile(tag.name, dirs)));
    } catch (const Error&) {
    }
  }
  return out;
}

std::string formatLoraHashes(const std::vector<std::pair<std::string, std::string>>& hashes) {
  std::string out;
  for (const auto& [name, hash] : hashes) out += (out.empty() ? "" : ", ") + name + ": " + hash;
  return out;
}

}  // namespace sd
