#pragma once
#include <string_view>

namespace sd::text {

// ftfy 6.x badness.is_bad(): true when the text holds a character sequence
// that is far likelier to be mojibake than intended text (a lower-case
// accented letter followed by a currency sign, "â€", a C1 control, ...).
// ftfy only tries to re-decode text for which this holds.
bool isLikelyMojibake(std::u32string_view text);

}  // namespace sd::text
