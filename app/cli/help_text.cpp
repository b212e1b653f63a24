#include "app/cli/help_text.h"

#include <sstream>

namespace sd::cli {

namespace {

constexpr std::size_t kWidth = 80;
constexpr std::size_t kOptionColumn = 28;  // where option descriptions start
constexpr std::size_t kCommandColumn = 14;

// Bytes that start a UTF-8 character, so "…" counts as one column.
std::size_t columns(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// "  --name VALUE" padded to the description column, or on a line of its
// own when it is too long.
std::string leftColumn(std::string left, std::size_t column) {
  if (left.size() + 2 > column) return left + "\n" + std::string(column, ' ');
  left.resize(column, ' ');
  return left;
}

}  // namespace

std::string wrapText(const std::string& text, std::size_t width, std::size_t indent, std::size_t firstIndent) {
  std::string out;
  std::size_t used = firstIndent;
  bool lineEmpty = true;
  const auto newLine = [&] {
    out += '\n';
    out.append(indent, ' ');
    used = indent;
    lineEmpty = true;
  };
  std::istringstream lines(text);
  std::string line;
  for (bool first = true; std::getline(lines, line); first = false) {
    if (!first) newLine();
    std::istringstream words(line);
    for (std::string word; words >> word;) {
      if (!lineEmpty && used + 1 + columns(word) > width) newLine();
      if (!lineEmpty) {
        out += ' ';
        ++used;
      }
      out += word;
      used += columns(word);
      lineEmpty = false;
    }
  }
  return out;
}

std::string exitStatusHelp() {
  return "Exit status: 0 success, 1 runtime error (a file, model or value the program could not use; the message "
         "names it), 2 usage error (the command line is wrong), 130 interrupted. 'info' also exits 3 when a file "
         "has no settings, 'compare' when the images differ beyond the tolerance.";
}

std::string programHelp(const std::vector<CommandSpec>& commands) {
  std::string out =
      "Usage: sdstudio-cli COMMAND [OPTIONS]\n\nSD Studio's command line: Stable Diffusion v1.4 generation,\n"
      "CLIP scoring and model tools.\n\nCommands:\n";
  for (const auto& c : commands) {
    out += leftColumn("  " + c.name, kCommandColumn) + wrapText(c.brief, kWidth, kCommandColumn, kCommandColumn) + "\n";
  }
  out += "\nRun 'sdstudio-cli COMMAND --help' for a command's options.\n";
  out += leftColumn("  --version", kCommandColumn) +
         wrapText("print the version; with --verbose also the build and where files are looked up", kWidth,
                  kCommandColumn, kCommandColumn) + "\n";
  out += leftColumn("  --help", kCommandColumn) + "print this help\n\n";
  out += wrapText(exitStatusHelp(), kWidth, 0) + "\n";
  return out;
}

std::string commandHelp(const CommandSpec& spec) {
  const std::string usage = "Usage: sdstudio-cli " + spec.name + " ";
  std::string out = usage + wrapText(spec.usage, kWidth, usage.size(), usage.size()) + "\n\n" +
                    wrapText(spec.summary, kWidth, 0) + "\n\nOptions:\n";
  for (const auto& o : spec.options) {
    std::string left = "  --" + o.name;
    if (o.arity != Arity::Flag) left += " " + o.valueName + (o.arity == Arity::Many ? "..." : "");
    std::string help = o.help;
    if (o.required) help += " (required)";
    else if (o.arity == Arity::Many) help += " (one or more; repeatable)";
    else if (o.repeatable) help += " (repeatable)";
    out += leftColumn(left, kOptionColumn) + wrapText(help, kWidth, kOptionColumn, kOptionColumn) + "\n";
  }
  out += leftColumn("  --help", kOptionColumn) + "show this help\n\n";
  out += wrapText(exitStatusHelp(), kWidth, 0) + "\n";
  return out;
}

}  // namespace sd::cli
