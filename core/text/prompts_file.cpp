#include "core/text/prompts_file.h"

#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/utf8.h"

namespace sd {

namespace {

std::string_view trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\f\v");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\f\v") - first + 1);
}

}  // namespace

std::vector<std::string> parsePromptLines(std::string_view text, const std::string& shownAs) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.find('\0') != std::string_view::npos)
    throw Error(shownAs + " holds NUL bytes: it is not a text file of prompts");
  std::vector<std::string> prompts;
  std::size_t lineNumber = 0;
  while (!text.empty()) {
    ++lineNumber;
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (firstInvalidUtf8(line) != std::string_view::npos)
      throw Error(shownAs + ", line " + std::to_string(lineNumber) + ": not UTF-8 text (save the file as UTF-8)");
    const auto prompt = trimmed(line);
    if (prompt.empty()) continue;
    if (prompts.size() == kMaxPromptsInFile)
      throw Error(shownAs + " holds more than " + std::to_string(kMaxPromptsInFile) + " prompts");
    prompts.emplace_back(prompt);
  }
  if (prompts.empty()) throw Error(shownAs + " holds no prompt (one per line; blank lines are skipped)");
  return prompts;
}

std::vector<std::string> readPromptsFile(const std::filesystem::path& path) {
  return parsePromptLines(readTextFile(path, kMaxPromptsFileBytes), path.string());
}

std::string formatPromptLines(const std::vector<std::string>& prompts) {
  std::string text;
  for (const auto& prompt : prompts) {
    std::string line(trimmed(prompt));
    for (char& c : line)
      if (c == '\n' || c == '\r') c = ' ';
    if (line.empty()) continue;
    text += line;
    text += '\n';
  }
  return text;
}

}  // namespace sd
