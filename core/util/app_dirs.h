#pragma once
// Where SD Studio's own folders are on this machine: the user's data folder
// (models, galleries), the settings file, and the program's installed data
// (tokenizer, demo models). One place, so the CLI, the window, `sdstudio-cli
// paths` and the documentation agree (tests/cli/test_cli_docs checks the
// docs against `paths`).
#include <filesystem>
#include <string>
#include <vector>

namespace sd {

// $XDG_DATA_HOME/sdstudio, by default ~/.local/share/sdstudio
// (%LOCALAPPDATA%\sdstudio on Windows, ~/Library/Application Support/sdstudio
// on macOS). Empty when neither the variable nor the home folder is known.
std::filesystem::path userDataDir();

// $XDG_CACHE_HOME/sdstudio, by default ~/.cache/sdstudio
// (%LOCALAPPDATA%\sdstudio\cache on Windows, ~/Library/Caches/sdstudio on
// macOS): what can be recomputed, such as the model hash cache. Empty when
// neither the variable nor the home folder is known.
std::filesystem::path userCacheDir();

// The window's settings as Qt's QSettings keeps them for organisation and
// application "sdstudio" on Linux: $XDG_CONFIG_HOME/sdstudio/sdstudio.conf,
// by default ~/.config/sdstudio/sdstudio.conf.
std::filesystem::path userSettingsFile();

// Folders that may hold the installed data (tokenizer/, models/demo-sd, …),
// in lookup order: $SDSTUDIO_DATA_DIR when set, the share/sdstudio of the
// prefix this build was configured for, and <exe dir>/../share/sdstudio for
// a relocated install (tarball, Windows, macOS) when executableDir is given.
std::vector<std::filesystem::path> installedDataDirs(const std::filesystem::path& executableDir = {});

// The source tree this build was configured from, the fallback for runs from
// a build folder: its models/ (demo-sd, demo-clip, known_models.json) and
// resources/tokenizer are what the package installs.
std::filesystem::path sourceTreeDir();

// The first of <dir>/<installed> over installedDataDirs(executableDir) that
// exists, else sourceTreeDir()/<inSourceTree> if that exists, else empty.
// E.g. ("tokenizer", "resources/tokenizer") or ("models/demo-sd", "models/demo-sd").
std::filesystem::path findDataPath(const std::filesystem::path& installed, const std::filesystem::path& inSourceTree,
                                   const std::filesystem::path& executableDir = {});

// SD Studio's own data, found the findDataPath way (installed, else in the
// source tree): the CLIP tokenizer folder (share/sdstudio/tokenizer,
// resources/tokenizer), a demo model ("demo-sd", "demo-clip" under
// models/ in both) and the catalogue models/known_models.json. Empty when
// missing.
std::filesystem::path tokenizerDataDir(const std::filesystem::path& executableDir = {});
std::filesystem::path demoModelDir(const std::string& name, const std::filesystem::path& executableDir = {});
std::filesystem::path knownModelsFile(const std::filesystem::path& executableDir = {});

// The folder of the running executable (empty when it cannot be told).
std::filesystem::path runningExecutableDir();

}  // namespace sd
