#include "app/cli/command.h"
#include "app/cli/commands.h"

namespace sd::cli {

std::vector<CommandSpec> allCommands() {
  return {
      inspectCommand(),
      tokenizeCommand(),
  };
}

}  // namespace sd::cli
