#include "core/text/prompts_file.h"

#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/utf8.h"

namespace sd {

namespace {

// Spaces, tabs and byte order marks (U+FEFF, invisible; editors leave
// them at the start of files, sometimes twice) off both ends.
std::string_view trimmed(std::string_view s) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  for (bool changed = true; changed && !s.empty();) {
    const std::size_t before = s.size();
    if (s.substr(0, 3) == kBom) s.remove_prefix(3);
    if (s.size() >= 3 && s.substr(s.size() - 3) == kBom) s.remove_suffix(3);
    const auto first = s.find_first_not_of(" \t\r\f\v");
    s = first == std::string_view::npos ? std::string_view() : s.substr(first, s.find_last_not_of(" \t\r\f\v") - first + 1);
    changed = s.size() != before;
  }
  return s;
}

// Bytes of the line break at `i` (0: none): every break Python's
// str.splitlines() knows, which A1111's prompts-from-file splits on — \n,
// \r\n, a lone \r (old Mac files), \v, \f, \x1c–\x1e, U+0085, U+2028, U+2029.
std::size_t lineBreakAt(std::string_view s, std::size_t i) {
  const char c = s[i];
  if (c == '\r') return s.substr(i, 2) == "\r\n" ? 2 : 1;
  if (c == '\n' || c == '\v' || c == '\f' || c == '\x1c' || c == '\x1d' || c == '\x1e') return 1;
  if (s.substr(i, 2) == "\xC2\x85") return 2;
  if (s.substr(i, 3) == "\xE2\x80\xA8" || s.substr(i, 3) == "\xE2\x80\xA9") return 3;
  return 0;
}

// UTF-16 (Windows Notepad's "Unicode") is the usual reason for NULs in a
// prompts file: a byte-order mark, or ASCII text with every other byte NUL.
bool looksLikeUtf16(std::string_view text) {
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) return true;
  if (text.size() < 2 || text.size() % 2 != 0) return false;
  std::size_t nulAtEven = 0, nulAtOdd = 0;
  for (std::size_t i = 0; i < text.size(); ++i) (i % 2 ? nulAtOdd : nulAtEven) += text[i] == '\0';
  const std::size_t half = text.size() / 2;
  return (nulAtOdd * 10 >= half * 9 && nulAtEven == 0) || (nulAtEven * 10 >= half * 9 && nulAtOdd == 0);
}

}  // namespace

std::vector<std::string> parsePromptLines(std::string_view text, const std::string& shownAs) {
  if (looksLikeUtf16(text))
    throw Error(shownAs + " is UTF-16 text: save it as UTF-8 (one prompt per line) and try again");
  if (text.find('\0') != std::string_view::npos)
    throw Error(shownAs + " holds NUL bytes: it is not a text file of prompts");
  std::vector<std::string> prompts;
  std::size_t lineNumber = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const std::size_t lineBreak = i < text.size() ? lineBreakAt(text, i) : 1;
    if (lineBreak == 0) continue;
    ++lineNumber;
    const std::string_view line = text.substr(start, i - start);
    if (firstInvalidUtf8(line) != std::string_view::npos)
      throw Error(shownAs + ", line " + std::to_string(lineNumber) + ": not UTF-8 text (save the file as UTF-8)");
    if (const auto prompt = trimmed(line); !prompt.empty()) {
      if (prompts.size() == kMaxPromptsInFile)
        throw Error(shownAs + " holds more than " + std::to_string(kMaxPromptsInFile) + " prompts");
      prompts.emplace_back(prompt);
    }
    i += lineBreak - 1;
    start = i + 1;
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
    std::string line;
    for (std::size_t i = 0; i < prompt.size(); ++i) {
      const std::size_t lineBreak = lineBreakAt(prompt, i);
      line += lineBreak ? ' ' : prompt[i];
      i += lineBreak ? lineBreak - 1 : 0;
    }
    if (const auto kept = trimmed(line); !kept.empty()) {
      text += kept;
      text += '\n';
    }
  }
  return text;
}

}  // namespace sd
