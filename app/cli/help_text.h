#pragma once
// What --help prints: the command list and each command's options, wrapped
// to the terminal's customary 80 columns (never cut mid-sentence).
#include <string>
#include <vector>

#include "app/cli/command.h"

namespace sd::cli {

// Wraps `text` at spaces so no line exceeds `width`; the first line starts
// after `firstIndent` columns already used, later lines get `indent` spaces.
// Newlines in `text` start a new line.
std::string wrapText(const std::string& text, std::size_t width, std::size_t indent, std::size_t firstIndent = 0);

std::string programHelp(const std::vector<CommandSpec>& commands);
std::string commandHelp(const CommandSpec& spec);
// The lines on exit statuses, shared by both helps.
std::string exitStatusHelp();

}  // namespace sd::cli
