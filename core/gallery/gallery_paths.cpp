#include "core/gallery/gallery_paths.h"

#include <cstdlib>
#include <ctime>

#include "core/util/app_dirs.h"
#include "core/util/error.h"

namespace sd {

namespace fs = std::filesystem;

fs::path defaultGalleriesRoot() {
  if (const char* explicitDir = std::getenv("SDSTUDIO_GALLERY_DIR"); explicitDir && *explicitDir) return explicitDir;
  const auto data = userDataDir();
  if (data.empty()) throw Error("cannot find a folder for galleries: neither XDG_DATA_HOME nor HOME is set");
  return data / "galleries";
}

std::string galleryNameFor(std::chrono::system_clock::time_point now) {
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm local{};
#ifdef _WIN32
  localtime_s(&local, &t);
#else
  localtime_r(&t, &local);
#endif
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &local);
  return buffer;
}

fs::path todaysGallery(const fs::path& root, std::chrono::system_clock::time_point now) {
  return root / galleryNameFor(now);
}

fs::path newestGallery(const fs::path& root) {
  std::error_code ec;
  fs::path newest;
  for (const auto& entry : fs::directory_iterator(root, fs::directory_options::skip_permission_denied, ec)) {
    if (!entry.is_directory(ec) || entry.path().filename().string().starts_with(".")) continue;
    if (newest.empty() || entry.path().filename() > newest.filename()) newest = entry.path();
  }
  return newest;
}

}  // namespace sd
