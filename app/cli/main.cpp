// sdstudio-cli: the headless face of SD Studio. No Qt needed: it builds on a
// GPU server that has only LibTorch and OpenCV. Where Qt is found it links Qt
// Core + Network (net/) for `models get` over HTTP; never a display library.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/command.h"
#include "app/cli/help_text.h"
#include "app/cli/path_report.h"
#include "app/cli/terminal_guard.h"
#include "core/util/build_info.h"
#include "core/util/error.h"
#include "core/util/threads.h"

namespace {

using namespace sd::cli;

void printVersion(bool verbose) {
  const std::string cuda = *sd::build::kTorchCudaVersion ? std::string(", CUDA ") + sd::build::kTorchCudaVersion : "";
  std::cout << "sdstudio-cli " << sd::build::kVersion << " (LibTorch " << sd::build::kTorchVersion << cuda << ", OpenCV "
            << sd::build::kOpenCvVersion << ")\n";
  if (verbose) std::cout << "build type: " << sd::build::kBuildType << "\n\n" << formatPathReport(pathReport());
}

// --help and --version anywhere before "--" answer at once, whatever else
// the line holds. Returns true when one was answered.
bool answeredHelp(const CommandSpec& command, const std::vector<std::string>& rest) {
  for (const auto& a : rest) {
    if (a == "--") return false;
    if (a == "--help" || a == "-h") {
      std::cout << commandHelp(command);
      return true;
    }
    if (a == "--version") {
      printVersion(false);
      return true;
    }
  }
  return false;
}

int runCommand(const CommandSpec& command, const std::vector<std::string>& rest) {
  try {
    const auto args = parseArguments(command, rest);
    sd::configureTorchThreads();
    return command.run(args);
  } catch (const UsageError& e) {
    std::cerr << "error: " << e.what() << "\n(see 'sdstudio-cli " << command.name << " --help')\n";
    return kExitUsageError;
  } catch (const sd::Cancelled&) {
    std::cerr << "cancelled\n";
    return kExitInterrupted;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitRuntimeError;
  }
}

int runMain(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const auto commands = allCommands();
  if (args.empty()) {
    std::cerr << programHelp(commands);
    return kExitUsageError;
  }
  const bool helpWord = args[0] == "--help" || args[0] == "-h" || args[0] == "help";
  if (helpWord && args.size() == 1) {
    std::cout << programHelp(commands);
    return kExitOk;
  }
  if (helpWord && args.size() > 2) {
    std::cerr << "error: unexpected '" << args[2] << "' (try 'sdstudio-cli help COMMAND')\n";
    return kExitUsageError;
  }
  if (args[0] == "--version" || args[0] == "-V") {
    const bool verbose = args.size() == 2 && (args[1] == "--verbose" || args[1] == "-v");
    if (args.size() == 1 || verbose) {
      printVersion(verbose);
      return kExitOk;
    }
    std::cerr << "error: unexpected '" << args[1] << "' after --version (only --verbose may follow)\n";
    return kExitUsageError;
  }
  // "sdstudio-cli help generate" is "sdstudio-cli generate --help".
  const std::string& name = helpWord ? args[1] : args[0];
  for (const auto& command : commands) {
    if (command.name != name) continue;
    if (helpWord) {
      std::cout << commandHelp(command);
      return kExitOk;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (answeredHelp(command, rest)) return kExitOk;
    return runCommand(command, rest);
  }
  std::vector<std::string> names;
  for (const auto& command : commands) names.push_back(command.name);
  const auto close = closestName(name, names);
  std::cerr << "error: unknown command '" << name << "'" << (close ? "; did you mean '" + *close + "'?" : "")
            << "\n(see 'sdstudio-cli --help' for the commands)\n";
  return kExitUsageError;
}

}  // namespace

int main(int argc, char** argv) {
  guardTerminalStreams();
  // Nothing escapes as an abort: an error anywhere (a bad_alloc outside a
  // command included) ends with its message and exit status 1.
  try {
    return runMain(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "error: an unexpected failure\n";
  }
  return kExitRuntimeError;
}
