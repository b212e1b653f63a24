#pragma once
// One factory per subcommand, each defined in its cmd_<name>.cpp.
#include "app/cli/command.h"

namespace sd::cli {

CommandSpec inspectCommand();
CommandSpec scoreCommand();
CommandSpec benchClipCommand();
CommandSpec generateCommand();
CommandSpec benchCommand();
CommandSpec tokenizeCommand();
CommandSpec infoCommand();
CommandSpec exportCommand();
CommandSpec compareCommand();
CommandSpec pathsCommand();
CommandSpec devicesCommand();
CommandSpec searchCommand();
CommandSpec explainCommand();
CommandSpec modelsCommand();

}  // namespace sd::cli
