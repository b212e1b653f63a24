#pragma once
// Where galleries live: one folder per session under the user's data
// directory ($XDG_DATA_HOME/sdstudio/galleries, i.e. ~/.local/share/… by
// default), overridable by the caller (a setting in the window, --gallery-dir).
#include <chrono>
#include <filesystem>
#include <string>

namespace sd {

// $SDSTUDIO_GALLERY_DIR when set, else $XDG_DATA_HOME/sdstudio/galleries,
// else $HOME/.local/share/sdstudio/galleries. Throws sd::Error when none of
// these can be determined.
std::filesystem::path defaultGalleriesRoot();

// "2026-11-28_14-46-24" (local time), with "-2", "-3"… appended when a
// folder of that name already exists under `root`.
std::string newSessionName(const std::filesystem::path& root,
                           std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace sd
