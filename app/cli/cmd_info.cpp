// sdstudio-cli info FILE... [--json]: the settings of any PNG, JPEG or WebP —
// ours, A1111's, sd.cpp's, ComfyUI's, InvokeAI's, NovelAI's, Fooocus' —
// plain or as JSON.
#include <iostream>

#include "app/cli/commands.h"
#include "core/metadata/settings_reader.h"
#include "core/metadata/settings_report.h"
#include "core/util/error.h"

namespace sd::cli {

namespace {

int runInfo(const ParsedArgs& args) {
  const bool json = args.has("json");
  const bool many = args.positionals().size() > 1;
  int status = 0;
  if (json && many) std::cout << "[\n";
  for (std::size_t i = 0; i < args.positionals().size(); ++i) {
    const auto& path = args.positionals()[i];
    try {
      const auto settings = readSettings(path);
      if (!hasRecipe(settings)) status = std::max(status, 3);
      if (json) {
        std::cout << formatSettingsJson(settings) << (many && i + 1 < args.positionals().size() ? ",\n" : "\n");
      } else {
        if (many) std::cout << (i ? "\n" : "") << "== " << path << "\n";
        std::cout << formatSettingsText(settings);
      }
    } catch (const Error& e) {
      std::cerr << "error: " << e.what() << "\n";
      if (json && many) std::cout << "null" << (i + 1 < args.positionals().size() ? ",\n" : "\n");
      status = kExitRuntimeError;
    }
  }
  if (json && many) std::cout << "]\n";
  return status;
}

}  // namespace

CommandSpec infoCommand() {
  return {"info",
          "Show how an image was made (SD Studio, A1111, ComfyUI, InvokeAI, NovelAI…).",
          "Shows how an image was made: prompt, seed, sampler, model, CLIP scores… read from the metadata of "
          "SD Studio, A1111 (also JPEG/WebP EXIF and stealth PNGs), stable-diffusion.cpp, ComfyUI, InvokeAI, "
          "NovelAI or Fooocus in PNG, JPEG or WebP files. Exit status 3 when a file has no settings we can read, "
          "1 when a file cannot be read.",
          "[--json] FILE...",
          {flag("json", "print a JSON object per file (an array for several files)")},
          {"FILE (PNG, JPEG or WebP)", 1, PositionalSpec::kUnlimited},
          runInfo};
}

}  // namespace sd::cli
