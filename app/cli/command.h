#pragma once
// The CLI's command table: each sdstudio-cli subcommand is one CommandSpec
// made by a function in its own cmd_<name>.cpp and listed in commands.cpp.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sd::cli {

struct OptionSpec {
  std::string name;        // without the leading "--"
  std::string valueName;   // empty for a flag
  std::string help;
  bool repeatable = false;
};

class ParsedArgs {
 public:
  bool has(const std::string& name) const { return m_values.count(name) > 0; }
  std::optional<std::string> value(const std::string& name) const;
  std::string require(const std::string& name) const;  // throws sd::Error "--name is required"
  std::vector<std::string> values(const std::string& name) const;
  const std::vector<std::string>& positionals() const { return m_positionals; }
  // Numeric options with a range check; errors name the option.
  long long integer(const std::string& name, long long fallback, long long min, long long max) const;
  double number(const std::string& name, double fallback, double min, double max) const;

  void add(const std::string& name, std::string value) { m_values[name].push_back(std::move(value)); }
  void addPositional(std::string value) { m_positionals.push_back(std::move(value)); }

 private:
  std::map<std::string, std::vector<std::string>> m_values;
  std::vector<std::string> m_positionals;
};

struct CommandSpec {
  std::string name;
  std::string summary;
  std::string usage;  // e.g. "--tokenizer DIR [--json] TEXT..."
  std::vector<OptionSpec> options;
  std::function<int(const ParsedArgs&)> run;
};

// Parses argv after the command name; throws sd::Error on unknown options
// or a missing value. "--help" is handled by the caller.
ParsedArgs parseArguments(const CommandSpec& spec, const std::vector<std::string>& args);
std::string commandHelp(const CommandSpec& spec);

std::vector<CommandSpec> allCommands();

}  // namespace sd::cli
