#pragma once
#include <optional>
#include <string>
#include <string_view>

// Small Unicode toolbox for the CLIP text path, built on ICU. Everything works
// on UTF-32 strings because the Python reference (openai CLIP + ftfy) reasons
// in code points: str.lower(), unicodedata.normalize(), regex classes.
namespace sd::text {

// UTF-8 -> UTF-32. Each byte of an ill-formed sequence becomes U+FFFD, like
// Python's bytes.decode("utf-8", "replace") does per maximal bad subpart.
std::u32string utf8ToUtf32(std::string_view utf8);
// Strict UTF-8 -> UTF-32: nullopt for any ill-formed sequence.
std::optional<std::u32string> decodeUtf8Strict(std::string_view utf8);
std::string utf32ToUtf8(std::u32string_view text);
void appendUtf8(std::string& out, char32_t cp);

// Python's str.isspace(), which is also what re's `\s` matches in str
// patterns (bidi class WS/B/S or category Zs).
bool isPythonSpace(char32_t cp);
bool isLetter(char32_t cp);        // \p{L}: Lu Ll Lt Lm Lo
bool isNumber(char32_t cp);        // \p{N}: Nd Nl No
bool isDecimalDigit(char32_t cp);  // Python re `\d` on str: category Nd
char32_t simpleCaseFold(char32_t cp);  // what a regex IGNORECASE compares

std::u32string normalizeNfc(std::u32string_view text);
std::u32string normalizeNfkc(std::u32string_view text);
// Python str.lower(): full, language-independent lower-case mapping
// (SpecialCasing, Final_Sigma) -- ICU's root locale gives exactly that.
std::u32string toLowerPython(std::u32string_view text);

// Byte 0x80..0x9F of "sloppy" Windows-1252 (ftfy's name): the cp1252
// character, or the C1 control itself for the five bytes cp1252 leaves
// undefined. This is also what HTML5 maps &#128;..&#159; to.
char32_t sloppyWindows1252High(unsigned char byte);
// Inverse: the byte sloppy Windows-1252 encodes `cp` as, or -1 when it has
// none (most C1 controls, anything outside the code page).
int sloppyWindows1252Byte(char32_t cp);

// Python's str.strip() with no argument.
std::u32string_view stripPythonSpace(std::u32string_view text);

}  // namespace sd::text
