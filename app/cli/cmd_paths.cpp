// sdstudio-cli paths [--json]: where models, galleries, settings and the
// installed data (tokenizer, demo models) are looked up on this machine.
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/path_report.h"

namespace sd::cli {

namespace {

int runPaths(const ParsedArgs& args) {
  const auto report = pathReport();
  std::cout << (args.has("json") ? pathReportJson(report) : formatPathReport(report));
  return kExitOk;
}

}  // namespace

CommandSpec pathsCommand() {
  return {"paths",
          "Print where models, galleries, settings and data are looked up here.",
          "Prints where SD Studio looks for models (in search order), where galleries go (one folder per day; "
          "new images go to today's, the window opens the newest), the window's settings file, and the installed "
          "data: the CLIP tokenizer, the demo models and the manifest of known models. Honours XDG_DATA_HOME, "
          "XDG_CONFIG_HOME, XDG_DATA_DIRS, SDSTUDIO_MODELS_DIR, SDSTUDIO_GALLERY_DIR and SDSTUDIO_DATA_DIR.",
          "[--json]",
          {flag("json", "print a JSON list of {key, label, path, note, exists}")},
          {},
          runPaths};
}

}  // namespace sd::cli
