#pragma once
#include <string>
#include <string_view>

// The individual repairs of ftfy 6.1 (python-ftfy, fixes.py / chardata.py)
// that openai's CLIP tokenizer applies through ftfy.fix_text before BPE.
// Each works on UTF-32 text and returns the repaired copy. The mojibake
// repair is in ftfy_encoding.h.
namespace sd::text {

std::u32string fixC1Controls(std::u32string_view text);         // U+0080..9F -> cp1252
std::u32string fixLatinLigatures(std::u32string_view text);     // "ﬁ" -> "fi"
std::u32string fixCharacterWidth(std::u32string_view text);     // "Ａ" -> "A", U+3000 -> " "
std::u32string uncurlQuotes(std::u32string_view text);          // ‘’‛ʼ -> ', “”„‟ -> "
std::u32string fixLineBreaks(std::u32string_view text);         // \r\n, \r, U+2028/9, U+0085 -> \n
std::u32string removeTerminalEscapes(std::u32string_view text); // ESC [ digits/; letter
std::u32string removeControlChars(std::u32string_view text);    // C0 (not \t\n\f\r), DEL, BOM, ...

}  // namespace sd::text
