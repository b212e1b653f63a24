// parseArguments: the command line checked against a CommandSpec. Every
// word ends up somewhere or is an error that names it: an unquoted prompt
// (--prompt a red fox) must not quietly render "a".
#include <algorithm>

#include "app/cli/command.h"

namespace sd::cli {

namespace {

bool looksLikeOption(const std::string& word) { return word.size() > 2 && word.starts_with("--"); }

// Levenshtein distance, for "did you mean --steps?" on a typo.
std::size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = diagonal + (a[i - 1] != b[j - 1]);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
    }
  }
  return row[b.size()];
}

std::string unknownOption(const CommandSpec& spec, const std::string& name) {
  std::vector<std::string> names;
  for (const auto& o : spec.options) names.push_back(o.name);
  const auto close = closestName(name, names);
  return "unknown option --" + name + " for '" + spec.name + "'" + (close ? "; did you mean --" + *close + "?" : "");
}

// A word that is not an option, with what came just before it, so an
// error can say why it is left over.
struct Word {
  std::string text;
  const OptionSpec* after = nullptr;  // the option (with its one value) it follows, if any
  std::string afterValue;
};

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

// "unexpected 'red' after --prompt a: --prompt takes one value; did you mean
// to quote it? --prompt "a red fox"" and the like.
std::string leftOver(const CommandSpec& spec, const std::vector<Word>& words, std::size_t first) {
  const Word& w = words[first];
  std::string message = "unexpected '" + w.text + "'";
  if (!w.after) {
    if (spec.positionals.max == 0) return message + ": '" + spec.name + "' takes no arguments besides its options";
    return message + ": '" + spec.name + "' takes at most " + std::to_string(spec.positionals.max) + " " +
           spec.positionals.name;
  }
  const std::string option = "--" + w.after->name;
  if (w.after->arity == Arity::Flag) return message + ": " + option + " takes no value";
  message += " after " + option + " " + w.afterValue + ": " + option + " takes one value";
  if (w.after->valueName == "TEXT") {
    // Single words were meant as one text; texts already quoted as several.
    std::vector<std::string> texts{w.afterValue};
    for (std::size_t k = first; k < words.size() && words[k].after == w.after && words[k].afterValue == w.afterValue;
         ++k)
      texts.push_back(words[k].text);
    const bool quotedAlready = std::any_of(texts.begin(), texts.end(), [](auto& t) { return t.find(' ') != t.npos; });
    std::string fix;
    for (const auto& t : texts)
      fix += quotedAlready ? (fix.empty() ? "" : " ") + option + " " + quoted(t) : (fix.empty() ? "" : " ") + t;
    return message + (quotedAlready ? "; repeat it for each: " + fix
                                    : "; did you mean to quote it? " + option + " " + quoted(fix));
  }
  if (w.after->repeatable) return message + "; repeat " + option + " for each value";
  return message;
}

void checkPositionals(const CommandSpec& spec, const std::vector<Word>& words) {
  const auto& p = spec.positionals;
  if (words.size() > p.max) throw UsageError(leftOver(spec, words, p.max));
  if (words.size() < p.min) {
    const std::string count = p.min == 1 ? "a " : (p.min == p.max ? "exactly " : "at least ") + std::to_string(p.min) + " ";
    throw UsageError("'" + spec.name + "' needs " + count + p.name +
                     (p.max == PositionalSpec::kUnlimited ? " (or several)" : ""));
  }
}

}  // namespace

std::optional<std::string> closestName(const std::string& word, const std::vector<std::string>& names) {
  for (const auto& name : names)
    if (editDistance(name, word) <= 2 || (word.size() >= 3 && name.starts_with(word))) return name;
  return std::nullopt;
}

ParsedArgs parseArguments(const CommandSpec& spec, const std::vector<std::string>& args) {
  ParsedArgs parsed;
  std::vector<Word> words;
  const OptionSpec* last = nullptr;  // the option whose value(s) came just before
  std::string lastValue;
  bool optionsEnded = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (optionsEnded || !looksLikeOption(arg)) {
      if (arg == "--" && !optionsEnded) {
        optionsEnded = true;
        last = nullptr;
        continue;
      }
      words.push_back({arg, last, lastValue});
      continue;
    }
    auto name = arg.substr(2);
    std::optional<std::string> inlineValue;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      inlineValue = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const auto found = std::find_if(spec.options.begin(), spec.options.end(), [&](auto& o) { return o.name == name; });
    if (found == spec.options.end()) throw UsageError(unknownOption(spec, name));
    const OptionSpec& option = *found;
    if (!option.repeatable && parsed.has(name)) throw UsageError("--" + name + " is given more than once");
    last = &option;
    lastValue.clear();
    if (option.arity == Arity::Flag) {
      if (inlineValue) throw UsageError("--" + name + " takes no value");
      parsed.add(name, "1");
      continue;
    }
    std::vector<std::string> values;
    if (inlineValue) values.push_back(*inlineValue);
    // One takes the next word; Many every word up to the next option.
    while (i + 1 < args.size() && !looksLikeOption(args[i + 1]) &&
           (values.empty() || option.arity == Arity::Many))
      values.push_back(args[++i]);
    if (values.empty()) {
      std::string message = "--" + name + " needs a value (" + option.valueName + ")";
      if (i + 1 < args.size()) message += " before " + args[i + 1] + "; write --" + name + "=VALUE for a value that starts with --";
      throw UsageError(message);
    }
    for (auto& v : values) parsed.add(name, v);
    lastValue = values.back();
    if (option.arity == Arity::Many) last = nullptr;  // it took every word: nothing follows it
  }
  checkPositionals(spec, words);
  for (auto& w : words) parsed.addPositional(std::move(w.text));
  for (const auto& o : spec.options)
    if (o.required && !parsed.has(o.name)) throw UsageError("--" + o.name + " is required");
  return parsed;
}

}  // namespace sd::cli
