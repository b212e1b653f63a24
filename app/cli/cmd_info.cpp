// sdstudio-cli info FILE.png [--json]: the settings of any PNG — ours,
// A1111's, stable-diffusion.cpp's, ComfyUI's — plain or as JSON.
#include <iostream>

#include "app/cli/commands.h"
#include "core/metadata/settings_reader.h"
#include "core/metadata/settings_report.h"
#include "core/util/error.h"

namespace sd::cli {

namespace {

int runInfo(const ParsedArgs& args) {
  if (args.positionals().empty()) throw Error("info needs a PNG file");
  const bool json = args.has("json");
  const bool many = args.positionals().size() > 1;
  int status = 0;
  if (json && many) std::cout << "[\n";
  for (std::size_t i = 0; i < args.positionals().size(); ++i) {
    const auto& path = args.positionals()[i];
    try {
      const auto settings = readSettings(path);
      if (settings.source == SettingsSource::None) status = std::max(status, 3);
      if (json) {
        std::cout << formatSettingsJson(settings) << (many && i + 1 < args.positionals().size() ? ",\n" : "\n");
      } else {
        if (many) std::cout << (i ? "\n" : "") << "== " << path << "\n";
        std::cout << formatSettingsText(settings);
      }
    } catch (const Error& e) {
      std::cerr << "error: " << e.what() << "\n";
      if (json && many) std::cout << "null" << (i + 1 < args.positionals().size() ? ",\n" : "\n");
      status = 1;
    }
  }
  if (json && many) std::cout << "]\n";
  return status;
}

}  // namespace

CommandSpec infoCommand() {
  return {"info",
          "Shows how a PNG was made: prompt, seed, sampler, model, CLIP scores… read from SD Studio's,\n"
          "A1111's, stable-diffusion.cpp's or ComfyUI's metadata. Exit status 3 when a file has none,\n"
          "1 when a file cannot be read.",
          "[--json] FILE.png...",
          {{"json", "", "print a JSON object per file (an array for several files)"}},
          runInfo};
}

}  // namespace sd::cli
