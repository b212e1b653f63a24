#pragma once
// UTF-8 one code point at a time, strictly (no overlongs, no surrogates):
// for vetting text that comes from files and the command line.
#include <cstddef>
#include <string>
#include <string_view>

namespace sd {

inline constexpr char32_t kInvalidUtf8 = 0xFFFFFFFF;

// Decodes the sequence at `i` and advances past it; kInvalidUtf8 for a
// malformed or truncated sequence (advancing one byte) or an overlong or
// surrogate encoding (advancing past it).
char32_t decodeUtf8(std::string_view s, std::size_t& i);
void encodeUtf8(char32_t cp, std::string& out);

// Offset of the first malformed byte, or npos when `text` is valid UTF-8.
std::size_t firstInvalidUtf8(std::string_view text);

}  // namespace sd
