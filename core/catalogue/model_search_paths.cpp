#include "core/catalogue/model_search_paths.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "core/util/app_dirs.h"

namespace sd {

namespace fs = std::filesystem;

namespace {

#ifdef _WIN32
constexpr char kListSeparator = ';';
#else
constexpr char kListSeparator = ':';
#endif

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

std::vector<fs::path> splitList(const std::string& list) {
  std::vector<fs::path> out;
  std::string::size_type start = 0;
  while (start <= list.size()) {
    const auto end = std::min(list.find(kListSeparator, start), list.size());
    if (end > start) out.emplace_back(list.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// XDG says relative paths in these variables are invalid and to be ignored.
bool usable(const fs::path& p) { return !p.empty() && p.is_absolute(); }

}  // namespace

fs::path userModelsDir() {
  const auto data = userDataDir();
  return data.empty() ? fs::path() : data / "models";
}

std::vector<ModelSearchDir> modelSearchPaths(const ModelSearchOptions& options) {
  std::vector<ModelSearchDir> out;
  std::set<fs::path> seen;
  auto add = [&](const fs::path& dir, const char* origin) {
    if (dir.empty()) return;
    const fs::path normal = dir.lexically_normal();
    if (!seen.insert(normal).second) return;
    std::error_code ec;
    out.push_back({normal, origin, fs::is_directory(normal, ec)});
  };

  for (const auto& dir : splitList(env("SDSTUDIO_MODELS_DIR"))) add(dir, "SDSTUDIO_MODELS_DIR");
  for (const auto& dir : options.configuredDirs) add(dir, "configured");
  add(userModelsDir(), "user");

  std::vector<fs::path> dataDirs;
  for (const auto& dir : splitList(env("XDG_DATA_DIRS")))
    if (usable(dir)) dataDirs.push_back(dir);
#ifndef _WIN32
  if (dataDirs.empty()) dataDirs = {"/usr/local/share", "/usr/share"};
#endif
  for (const auto& dir : dataDirs) add(dir / "sdstudio" / "models", "system");
  for (const auto& dir : installedDataDirs(options.executableDir)) add(dir / "models", "installed");
  return out;
}

std::vector<FoundModel> discoverModels(const std::vector<ModelSearchDir>& dirs) {
  std::vector<FoundModel> found;
  std::set<std::string> names;
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir.path, ec)) continue;
    std::vector<fs::directory_entry> entries;
    for (const auto& entry : fs::directory_iterator(dir.path, fs::directory_options::skip_permission_denied, ec))
      entries.push_back(entry);
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
    for (const auto& entry : entries) {
      const fs::path p = entry.path();
      std::string kind;
      if (entry.is_directory(ec)) {
        if (fs::is_regular_file(p / "model_index.json", ec))
          kind = "stable-diffusion";
        else if (fs::is_regular_file(p / "config.json", ec) && fs::is_regular_file(p / "model.safetensors", ec))
          kind = "clip";
      } else if (entry.is_regular_file(ec) && p.extension() == ".safetensors") {
        kind = "checkpoint";
      }
      if (kind.empty() || !names.insert(p.filename().string()).second) continue;
      found.push_back({p, kind, dir.origin});
    }
  }
  return found;
}

fs::path findModel(const std::string& name, const std::vector<ModelSearchDir>& dirs) {
  // The name may come from an image's metadata: only a path inside a model
  // folder is looked up ("../x" or "/etc" would leave them).
  const fs::path relative(name);
  if (name.empty() || relative.is_absolute() || relative.has_root_name()) return {};
  for (const auto& part : relative)
    if (part == "..") return {};
  for (const auto& dir : dirs) {
    std::error_code ec;
    const fs::path candidate = dir.path / name;
    if (fs::exists(candidate, ec)) return candidate;
  }
  return {};
}

}  // namespace sd
