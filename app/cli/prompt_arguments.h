#pragma once
// The prompts a command was given: every --prompt, then the lines of
// --prompts-file (core/text/prompts_file.h), for generate and score alike.
#include <string>
#include <vector>

#include "app/cli/command.h"

namespace sd::cli {

// Throws UsageError when neither gives a prompt; sd::Error (a runtime
// error) naming the file when it cannot be read.
std::vector<std::string> promptArguments(const ParsedArgs& args);

}  // namespace sd::cli
