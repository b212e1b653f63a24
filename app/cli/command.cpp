#include "app/cli/command.h"

#include <charconv>
#include <sstream>

#include "core/util/error.h"

namespace sd::cli {

std::optional<std::string> ParsedArgs::value(const std::string& name) const {
  const auto it = m_values.find(name);
  if (it == m_values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::string ParsedArgs::require(const std::string& name) const {
  if (auto v = value(name)) return *v;
  throw Error("--" + name + " is required");
}

std::vector<std::string> ParsedArgs::values(const std::string& name) const {
  const auto it = m_values.find(name);
  return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

long long ParsedArgs::integer(const std::string& name, long long fallback, long long min, long long max) const {
  const auto text = value(name);
  if (!text) return fallback;
  long long parsed = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), parsed);
  if (ec != std::errc() || end != text->data() + text->size())
    throw Error("--" + name + " expects a whole number, got '" + *text + "'");
  if (parsed < min || parsed > max)
    throw Error("--" + name + " must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                *text);
  return parsed;
}

double ParsedArgs::number(const std::string& name, double fallback, double min, double max) const {
  const auto text = value(name);
  if (!text) return fallback;
  std::istringstream in(*text);
  in.imbue(std::locale::classic());
  double parsed = 0;
  if (!(in >> parsed) || !in.eof()) throw Error("--" + name + " expects a number, got '" + *text + "'");
  if (!(parsed >= min && parsed <= max)) {
    std::ostringstream range;
    range << "--" << name << " must be between " << min << " and " << max << ", got " << *text;
    throw Error(range.str());
  }
  return parsed;
}

ParsedArgs parseArguments(const CommandSpec& spec, const std::vector<std::string>& args) {
  ParsedArgs parsed;
  bool optionsEnded = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (optionsEnded || arg.size() < 3 || !arg.starts_with("--")) {
      parsed.addPositional(arg);
      continue;
    }
    if (arg == "--") {
      optionsEnded = true;
      continue;
    }
    auto name = arg.substr(2);
    std::optional<std::string> inlineValue;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      inlineValue = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const OptionSpec* option = nullptr;
    for (const auto& o : spec.options)
      if (o.name == name) option = &o;
    if (!option) throw Error("unknown option --" + name + " for '" + spec.name + "' (see --help)");
    if (option->valueName.empty()) {
      if (inlineValue) throw Error("--" + name + " takes no value");
      parsed.add(name, "1");
      continue;
    }
    if (!option->repeatable && parsed.has(name)) throw Error("--" + name + " is given more than once");
    if (inlineValue) {
      parsed.add(name, *inlineValue);
    } else {
      if (i + 1 >= args.size()) throw Error("--" + name + " needs a value (" + option->valueName + ")");
      parsed.add(name, args[++i]);
    }
  }
  return parsed;
}

std::string commandHelp(const CommandSpec& spec) {
  std::ostringstream out;
  out << "Usage: sdstudio-cli " << spec.name << " " << spec.usage << "\n\n" << spec.summary << "\n\nOptions:\n";
  for (const auto& o : spec.options) {
    std::string left = "  --" + o.name + (o.valueName.empty() ? "" : " " + o.valueName);
    if (left.size() < 28) left.resize(28, ' ');
    else left += "\n" + std::string(28, ' ');
    out << left << o.help << (o.repeatable ? " (repeatable)" : "") << "\n";
  }
  out << "  --help                    show this help\n";
  return out.str();
}

}  // namespace sd::cli
