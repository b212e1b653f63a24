#pragma once
// Where galleries live: one folder per day under the user's data folder,
// $XDG_DATA_HOME/sdstudio/galleries/<YYYY-MM-DD>/ (~/.local/share/… by
// default). The window writes each new image into today's folder, so a
// restart on the same day continues that day's gallery and the first image
// of a new day starts a new one; on start it shows the newest gallery.
// README.md, docs/export.md and the man pages say the same (tests/cli checks).
#include <chrono>
#include <filesystem>
#include <string>

namespace sd {

// $SDSTUDIO_GALLERY_DIR when set, else userDataDir()/galleries
// (core/util/app_dirs.h). Throws sd::Error when neither can be determined.
std::filesystem::path defaultGalleriesRoot();

// "2026-11-28": the local date of `now`, the name of that day's gallery.
std::string galleryNameFor(std::chrono::system_clock::time_point now);

// root/<today>; the folder may not exist yet (it is created with the first image).
std::filesystem::path todaysGallery(const std::filesystem::path& root,
                                    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// The gallery folder under `root` whose name sorts last (dates sort in
// time order), or an empty path when there is none.
std::filesystem::path newestGallery(const std::filesystem::path& root);

}  // namespace sd
