#pragma once
// The CLI's command table: each sdstudio-cli subcommand is one CommandSpec
// made by a function in its own cmd_<name>.cpp and listed in commands.cpp.
// The parser (argument_parser.cpp) checks the command line against the spec
// before a command runs, so a word is never dropped silently.
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/util/error.h"

namespace sd::cli {

// The command line is wrong (unknown option, missing or extra value, value
// out of range): exit status 2. Any other sd::Error is a runtime error (1).
class UsageError : public Error {
 public:
  using Error::Error;
};

// Exit statuses, stated in --help and the man page (tests/cli checks both).
inline constexpr int kExitOk = 0;
inline constexpr int kExitRuntimeError = 1;
inline constexpr int kExitUsageError = 2;
inline constexpr int kExitInterrupted = 130;

enum class Arity {
  Flag,  // no value
  One,   // exactly one value: the next word
  Many,  // one or more: every following word up to the next --option
};

struct OptionSpec {
  std::string name;       // without the leading "--"
  std::string valueName;  // "" for a flag
  std::string help;
  Arity arity = Arity::One;
  bool repeatable = false;  // may be given more than once; values accumulate
  bool required = false;
};

// Shorthands that keep the option tables readable.
OptionSpec flag(std::string name, std::string help);
OptionSpec value(std::string name, std::string valueName, std::string help);
OptionSpec required(OptionSpec option);
OptionSpec repeatable(OptionSpec option);
OptionSpec many(OptionSpec option);  // Arity::Many (and repeatable)

// Words that are not options: how many a command takes.
struct PositionalSpec {
  std::string name;  // e.g. "FILE.png"; "" when the command takes none
  std::size_t min = 0;
  std::size_t max = 0;
  static constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();
};

class ParsedArgs {
 public:
  bool has(const std::string& name) const { return m_values.count(name) > 0; }
  std::optional<std::string> value(const std::string& name) const;
  std::string require(const std::string& name) const;  // throws UsageError "--name is required"
  std::vector<std::string> values(const std::string& name) const;
  const std::vector<std::string>& positionals() const { return m_positionals; }
  // Numeric options with a range check; UsageErrors name the option.
  long long integer(const std::string& name, long long fallback, long long min, long long max) const;
  std::vector<long long> integers(const std::string& name, long long min, long long max) const;
  double number(const std::string& name, double fallback, double min, double max) const;

  void add(const std::string& name, std::string value) { m_values[name].push_back(std::move(value)); }
  void addPositional(std::string value) { m_positionals.push_back(std::move(value)); }

 private:
  std::map<std::string, std::vector<std::string>> m_values;
  std::vector<std::string> m_positionals;
};

struct CommandSpec {
  std::string name;
  std::string brief;    // one sentence for the command list
  std::string summary;  // a paragraph for the command's --help (wrapped there)
  std::string usage;    // e.g. "--tokenizer DIR [--json] TEXT..."
  std::vector<OptionSpec> options;
  PositionalSpec positionals;
  std::function<int(const ParsedArgs&)> run;
};

// Parses argv after the command name; throws UsageError naming the word at
// fault. "--help" is handled by the caller.
ParsedArgs parseArguments(const CommandSpec& spec, const std::vector<std::string>& args);

std::vector<CommandSpec> allCommands();

// The name a typo most likely meant ("stpes" -> "steps"), if any is close.
std::optional<std::string> closestName(const std::string& word, const std::vector<std::string>& names);

}  // namespace sd::cli
