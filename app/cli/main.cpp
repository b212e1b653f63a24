// sdstudio-cli: the headless face of SD Studio. No Qt: it builds on a GPU
// server that has only LibTorch and OpenCV.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/command.h"
#include "core/util/build_info.h"
#include "core/util/error.h"
#include "core/util/threads.h"

namespace {

void printUsage(std::ostream& out) {
  out << "Usage: sdstudio-cli COMMAND [OPTIONS]\n\nSD Studio's command line: Stable Diffusion v1.4 generation,\n"
         "CLIP scoring and model tools.\n\nCommands:\n";
  for (const auto& c : sd::cli::allCommands()) {
    std::string name = "  " + c.name;
    name.resize(14, ' ');
    out << name << c.summary.substr(0, c.summary.find('\n')) << "\n";
  }
  out << "\nRun 'sdstudio-cli COMMAND --help' for a command's options.\n"
         "  --version     print the version\n  --help        print this help\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    printUsage(std::cout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version" || args[0] == "-V") {
    std::cout << "sdstudio-cli " << sd::build::kVersion << " (LibTorch " << sd::build::kTorchVersion << ", OpenCV "
              << sd::build::kOpenCvVersion << ")\n";
    return 0;
  }
  for (const auto& command : sd::cli::allCommands()) {
    if (command.name != args[0]) continue;
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const auto& a : rest)
      if (a == "--help" || a == "-h") {
        std::cout << sd::cli::commandHelp(command);
        return 0;
      }
      else if (a == "--version") {
        std::cout << "sdstudio-cli " << sd::build::kVersion << "\n";
        return 0;
      }
    try {
      sd::configureTorchThreads();
      return command.run(sd::cli::parseArguments(command, rest));
    } catch (const sd::Cancelled&) {
      std::cerr << "cancelled\n";
      return 130;
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << "\n";
      return 1;
    }
  }
  std::cerr << "error: unknown command '" << args[0] << "'\n\n";
  printUsage(std::cerr);
  return 2;
}
