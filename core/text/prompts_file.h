#pragma once
// Prompts from a text file, one per line (`generate --prompts-file`, `score
// --prompts-file`, the window's comparison set ▸ Load…; A1111 #8085). Every
// line that is not blank is a prompt, trimmed of surrounding spaces, as
// A1111's "Prompts from file or textbox" script reads them; a UTF-8 byte
// order mark and Windows line ends are taken off. No Qt, no torch.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sd {

inline constexpr std::size_t kMaxPromptsFileBytes = std::size_t(4) << 20;
inline constexpr std::size_t kMaxPromptsInFile = 10000;

// Throws sd::Error naming `shownAs` and the line for text that is not
// UTF-8, a NUL byte (a binary file), more than kMaxPromptsInFile prompts,
// or no prompt at all.
std::vector<std::string> parsePromptLines(std::string_view text, const std::string& shownAs);

// The file's prompts; errors name the file (missing, not a regular file,
// over kMaxPromptsFileBytes, or any of the above).
std::vector<std::string> readPromptsFile(const std::filesystem::path& path);

// The prompts as a file reads them back: one per line, line breaks inside
// a prompt turned into spaces.
std::string formatPromptLines(const std::vector<std::string>& prompts);

}  // namespace sd
