#include "app/cli/command.h"
#include "app/cli/commands.h"

namespace sd::cli {

std::vector<CommandSpec> allCommands() {
  return {
      inspectCommand(),
      scoreCommand(),
      benchClipCommand(),
      generateCommand(),
      benchCommand(),
      tokenizeCommand(),
      infoCommand(),
      explainCommand(),
      exportCommand(),
      compareCommand(),
      pathsCommand(),
      devicesCommand(),
      searchCommand(),
      modelsCommand(),
  };
}

}  // namespace sd::cli
