#pragma once
#include <string>
#include <string_view>

namespace sd::text {

// ftfy 6.1 fix_encoding(): repairs mojibake, text that was UTF-8 but got
// decoded as Latin-1 or Windows-1252 ("doesnâ€™t" -> "doesn’t"), and C1
// controls meant as Windows-1252. Only text that ftfy's badness heuristic
// flags is touched; then the whole text is re-decoded if it can be,
// otherwise each flagged UTF-8-shaped run on its own. Repeats until stable.
//
// Differences from ftfy, none of which the reference prompts exercise: only
// the Latin-1 and Windows-1252 code pages are tried (ftfy also tries
// Windows-1250/1251/1253/1254/1257, ISO-8859-2, MacRoman and cp437), and the
// lossy "\x1a"/"?" and CESU-8 ("utf-8-variants") repairs are not ported.
std::u32string fixEncoding(std::u32string_view text);

}  // namespace sd::text
