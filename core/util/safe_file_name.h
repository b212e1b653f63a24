#pragma once
// File names derived from free text (prompts): safe on Linux, macOS and
// Windows whatever the user typed.
#include <cstddef>
#include <string>
#include <string_view>

namespace sd {

// A file name stem (no extension) from `text`: valid UTF-8 (invalid bytes
// dropped), no path separators, no "." / ".." or leading dots, no control,
// bidi or zero-width characters, none of Windows' forbidden characters
// (<>:"/\|?*) or reserved device names (CON, NUL, COM1, LPT1…), no trailing
// dot or space, runs of whitespace and punctuation folded to one '_', at
// most `maxBytes` bytes cut at a character boundary. `fallback` when nothing
// is left.
std::string safeFileName(std::string_view text, std::size_t maxBytes = 80, std::string_view fallback = "image");

// True when `name` is a single path component that safeFileName would keep
// as is (used to vet names read from files, e.g. a gallery index): no path
// separators, controls, bidi overrides or other invisible characters.
bool isSafeFileName(std::string_view name);

// Strips invalid UTF-8 (for text read from files that claim to be UTF-8).
std::string validUtf8(std::string_view text);

}  // namespace sd
