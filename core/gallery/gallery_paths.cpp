#include "core/gallery/gallery_paths.h"

#include <cstdlib>
#include <ctime>

#include "core/util/error.h"

namespace sd {

namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

std::filesystem::path defaultGalleriesRoot() {
  if (const auto explicitDir = environment("SDSTUDIO_GALLERY_DIR"); !explicitDir.empty()) return explicitDir;
  // The XDG spec says relative paths in XDG_DATA_HOME are invalid and must be ignored.
  if (const auto xdg = environment("XDG_DATA_HOME"); !xdg.empty() && xdg.front() == '/')
    return std::filesystem::path(xdg) / "sdstudio" / "galleries";
  const auto home = environment("HOME");
  if (home.empty()) throw Error("cannot find a folder for galleries: neither XDG_DATA_HOME nor HOME is set");
  return std::filesystem::path(home) / ".local" / "share" / "sdstudio" / "galleries";
}

std::string newSessionName(const std::filesystem::path& root, std::chrono::system_clock::time_point now) {
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm local{};
  localtime_r(&t, &local);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d_%H-%M-%S", &local);
  std::string name = buffer;
  for (int n = 2; std::filesystem::exists(root / name); ++n) name = std::string(buffer) + "-" + std::to_string(n);
  return name;
}

}  // namespace sd
