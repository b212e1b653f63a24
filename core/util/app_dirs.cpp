#include "core/util/app_dirs.h"

#include <cstdlib>
#include <string>
#include <system_error>

#include "core/util/build_info.h"

namespace sd {

namespace fs = std::filesystem;

namespace {

fs::path env(const char* name) {
  const char* value = std::getenv(name);
  return value ? fs::path(value) : fs::path();
}

// The XDG spec: relative paths in these variables are invalid and ignored.
bool usable(const fs::path& p) { return !p.empty() && p.is_absolute(); }

fs::path homeDir() {
#ifdef _WIN32
  return env("USERPROFILE");
#else
  return env("HOME");
#endif
}

}  // namespace

fs::path userDataDir() {
  if (const auto xdg = env("XDG_DATA_HOME"); usable(xdg)) return xdg / "sdstudio";
#if defined(_WIN32)
  if (const auto local = env("LOCALAPPDATA"); usable(local)) return local / "sdstudio";
#elif defined(__APPLE__)
  if (usable(homeDir())) return homeDir() / "Library" / "Application Support" / "sdstudio";
#endif
  if (usable(homeDir())) return homeDir() / ".local" / "share" / "sdstudio";
  return {};
}

fs::path userCacheDir() {
  if (const auto xdg = env("XDG_CACHE_HOME"); usable(xdg)) return xdg / "sdstudio";
#if defined(_WIN32)
  if (const auto local = env("LOCALAPPDATA"); usable(local)) return local / "sdstudio" / "cache";
#elif defined(__APPLE__)
  if (usable(homeDir())) return homeDir() / "Library" / "Caches" / "sdstudio";
#endif
  if (usable(homeDir())) return homeDir() / ".cache" / "sdstudio";
  return {};
}

fs::path userSettingsFile() {
  if (const auto xdg = env("XDG_CONFIG_HOME"); usable(xdg)) return xdg / "sdstudio" / "sdstudio.conf";
  if (usable(homeDir())) return homeDir() / ".config" / "sdstudio" / "sdstudio.conf";
  return {};
}

std::vector<fs::path> installedDataDirs(const fs::path& executableDir) {
  std::vector<fs::path> dirs;
  if (const auto explicitDir = env("SDSTUDIO_DATA_DIR"); !explicitDir.empty()) dirs.push_back(explicitDir);
  // Next to the program first: the relocatable tarball of sdstudio-cuda runs
  // from wherever it was unpacked, even where the package is installed too.
  if (!executableDir.empty()) dirs.push_back((executableDir / ".." / "share" / "sdstudio").lexically_normal());
  dirs.emplace_back(build::kInstallDataDir);
  return dirs;
}

fs::path sourceTreeDir() { return build::kSourceTreeDir; }

fs::path findDataPath(const fs::path& installed, const fs::path& inSourceTree, const fs::path& executableDir) {
  std::error_code ec;
  for (const auto& dir : installedDataDirs(executableDir))
    if (fs::exists(dir / installed, ec)) return dir / installed;
  if (fs::exists(sourceTreeDir() / inSourceTree, ec)) return sourceTreeDir() / inSourceTree;
  return {};
}

fs::path tokenizerDataDir(const fs::path& executableDir) {
  return findDataPath("tokenizer", fs::path("resources") / "tokenizer", executableDir);
}

fs::path demoModelDir(const std::string& name, const fs::path& executableDir) {
  const auto relative = fs::path("models") / name;
  return findDataPath(relative, relative, executableDir);
}

fs::path knownModelsFile(const fs::path& executableDir) {
  const auto relative = fs::path("models") / "known_models.json";
  return findDataPath(relative, relative, executableDir);
}

fs::path runningExecutableDir() {
#ifdef __linux__
  std::error_code ec;
  const auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) return exe.parent_path();
#endif
  return {};
}

}  // namespace sd
