#include "app/cli/prompt_arguments.h"

#include "core/text/prompts_file.h"

namespace sd::cli {

std::vector<std::string> promptArguments(const ParsedArgs& args) {
  auto prompts = args.values("prompt");
  if (const auto file = args.value("prompts-file")) {
    const auto lines = readPromptsFile(*file);
    prompts.insert(prompts.end(), lines.begin(), lines.end());
  }
  if (prompts.empty()) throw UsageError("give a prompt: --prompt TEXT or --prompts-file FILE");
  return prompts;
}

}  // namespace sd::cli
