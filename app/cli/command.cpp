#include "app/cli/command.h"

#include <charconv>
#include <sstream>

namespace sd::cli {

OptionSpec flag(std::string name, std::string help) {
  return {std::move(name), "", std::move(help), Arity::Flag};
}
OptionSpec value(std::string name, std::string valueName, std::string help) {
  return {std::move(name), std::move(valueName), std::move(help), Arity::One};
}
OptionSpec required(OptionSpec option) {
  option.required = true;
  return option;
}
OptionSpec repeatable(OptionSpec option) {
  option.repeatable = true;
  return option;
}
OptionSpec many(OptionSpec option) {
  option.arity = Arity::Many;
  option.repeatable = true;
  return option;
}

std::optional<std::string> ParsedArgs::value(const std::string& name) const {
  const auto it = m_values.find(name);
  if (it == m_values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::string ParsedArgs::require(const std::string& name) const {
  if (auto v = value(name)) return *v;
  throw UsageError("--" + name + " is required");
}

std::vector<std::string> ParsedArgs::values(const std::string& name) const {
  const auto it = m_values.find(name);
  return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

namespace {

long long parseInteger(const std::string& name, const std::string& text, long long min, long long max) {
  long long parsed = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (ec != std::errc() || end != text.data() + text.size())
    throw UsageError("--" + name + " expects a whole number, got '" + text + "'");
  if (parsed < min || parsed > max)
    throw UsageError("--" + name + " must be between " + std::to_string(min) + " and " + std::to_string(max) +
                     ", got " + text);
  return parsed;
}

}  // namespace

long long ParsedArgs::integer(const std::string& name, long long fallback, long long min, long long max) const {
  const auto text = value(name);
  return text ? parseInteger(name, *text, min, max) : fallback;
}

std::vector<long long> ParsedArgs::integers(const std::string& name, long long min, long long max) const {
  std::vector<long long> out;
  for (const auto& text : values(name)) out.push_back(parseInteger(name, text, min, max));
  return out;
}

double ParsedArgs::number(const std::string& name, double fallback, double min, double max) const {
  const auto text = value(name);
  if (!text) return fallback;
  std::istringstream in(*text);
  in.imbue(std::locale::classic());
  double parsed = 0;
  if (!(in >> parsed) || !in.eof()) throw UsageError("--" + name + " expects a number, got '" + *text + "'");
  if (!(parsed >= min && parsed <= max)) {
    std::ostringstream range;
    range << "--" << name << " must be between " << min << " and " << max << ", got " << *text;
    throw UsageError(range.str());
  }
  return parsed;
}

}  // namespace sd::cli
