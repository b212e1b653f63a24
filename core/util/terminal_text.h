#pragma once
// Text from files on its way to a terminal. A prompt or tensor name may
// carry escape sequences (ESC ] 0 ; … retitles the window, ESC [ 2 J clears
// it, some terminals answer queries into their input) and bidi overrides
// that make a line read backwards; they are shown, not obeyed.
#include <string>
#include <string_view>

namespace sd {

// Control characters (C0 except newline and tab, DEL, C1) become "\x1B"
// style escapes, bidi controls "<U+202E>", malformed UTF-8 U+FFFD; all else
// is kept as it is.
std::string terminalSafe(std::string_view text);

}  // namespace sd
