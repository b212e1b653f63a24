#pragma once
// Text encodings met in image metadata, converted to the UTF-8 we keep:
// Latin-1 (PNG tEXt/zTXt), UTF-16 (EXIF "UNICODE" UserComment) and numeric
// character references (XMP).
#include <span>
#include <string>
#include <string_view>

namespace sd {

// Appends code point `c`; NUL, surrogates and values past U+10FFFF become U+FFFD.
void appendUtf8(std::string& out, char32_t c);
std::string latin1ToUtf8(std::string_view latin1);
// PNG tEXt is Latin-1 by the spec, yet some writers put UTF-8 there: text
// that is valid UTF-8 is taken as such, anything else as Latin-1.
std::string utf8OrLatin1(std::string_view text);
// UTF-16 code units → UTF-8: a leading BOM is dropped, an odd trailing byte
// ignored, unpaired surrogates become U+FFFD.
std::string utf16ToUtf8(std::span<const unsigned char> bytes, bool bigEndian);

}  // namespace sd
