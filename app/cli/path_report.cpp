#include "app/cli/path_report.h"

#include <algorithm>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "core/gallery/gallery_paths.h"
#include "core/catalogue/known_models.h"
#include "core/catalogue/model_search_paths.h"
#include "core/util/app_dirs.h"
#include "core/util/hash_cache.h"

namespace sd::cli {

namespace fs = std::filesystem;

namespace {

PathEntry entry(std::string key, std::string label, const fs::path& path, std::string note = "") {
  std::error_code ec;
  return {std::move(key), std::move(label), path, std::move(note), !path.empty() && fs::exists(path, ec)};
}

void addGalleries(std::vector<PathEntry>& out) {
  fs::path root;
  try {
    root = defaultGalleriesRoot();
  } catch (const std::exception& e) {
    out.push_back(entry("galleries.root", "galleries", {}, e.what()));
    return;
  }
  const char* explicitDir = std::getenv("SDSTUDIO_GALLERY_DIR");
  out.push_back(entry("galleries.root", "galleries", root,
                      explicitDir && *explicitDir ? "from SDSTUDIO_GALLERY_DIR" : "one folder per day"));
  out.push_back(entry("galleries.today", "new images", todaysGallery(root), "today's gallery"));
  const auto newest = newestGallery(root);
  out.push_back(entry("galleries.newest", "opened on start", newest, newest.empty() ? "none yet" : "newest gallery"));
}

void addData(std::vector<PathEntry>& out, const fs::path& exeDir) {
  for (const auto& dir : installedDataDirs(exeDir)) out.push_back(entry("data.dir", "installed data", dir, "searched"));
  out.push_back(entry("data.dir", "source tree data", sourceTreeDir(), "searched last"));
  const auto tokenizer = tokenizerDataDir(exeDir);
  out.push_back(entry("data.tokenizer", "tokenizer", tokenizer, tokenizer.empty() ? "not found" : "used"));
  for (const std::string name : {"demo-sd", "demo-clip"}) {
    const auto path = demoModelDir(name, exeDir);
    out.push_back(entry("data." + name, name + " model", path, path.empty() ? "not found" : "used"));
  }
  const auto manifest = knownModelsManifestPath();
  out.push_back(entry("data.known-models", "known_models.json", manifest, manifest.empty() ? "not found" : "used"));
}

}  // namespace

std::vector<PathEntry> pathReport() {
  std::vector<PathEntry> out;
  const auto exeDir = runningExecutableDir();
  for (const auto& dir : modelSearchPaths({{}, exeDir})) {
    const bool user = dir.origin == "user";  // where downloaded models belong (models/README.md)
    out.push_back(entry(user ? "models.user" : "models.search", user ? "your models" : "searched", dir.path,
                        dir.origin));
  }
  addGalleries(out);
  out.push_back(entry("settings.file", "window settings", userSettingsFile()));
  out.push_back(entry("cache.hashes", "model hash cache", defaultHashCacheFile(), "safe to delete"));
  addData(out, exeDir);
  return out;
}

std::string formatPathReport(const std::vector<PathEntry>& entries) {
  std::string out = "Where SD Studio looks on this machine (in search order where there are several):\n";
  std::string group;
  for (const auto& e : entries) {
    const auto thisGroup = e.key.substr(0, e.key.find('.'));
    if (thisGroup != group) out += "\n" + (group = thisGroup) + ":\n";
    std::string label = "  " + e.label;
    label.resize(std::max<std::size_t>(label.size() + 1, 20), ' ');
    out += label + (e.path.empty() ? "(none)" : e.path.string());
    std::string state = e.path.empty() ? "" : e.exists ? "exists" : "missing";
    if (!e.note.empty()) state += (state.empty() ? "" : ", ") + e.note;
    out += state.empty() ? "\n" : "  [" + state + "]\n";
  }
  return out;
}

std::string pathReportJson(const std::vector<PathEntry>& entries) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : entries)
    out.push_back({{"key", e.key}, {"label", e.label}, {"path", e.path.string()}, {"note", e.note}, {"exists", e.exists}});
  return out.dump(2) + "\n";
}

}  // namespace sd::cli
