#pragma once
#include <string_view>
#include <string>

// HTML character references, the two ways the CLIP reference resolves them.
namespace sd::text {

// Python's html.unescape(): named references from the full HTML5 table (with
// the longest-prefix rule for legacy names written without ';'), and numeric
// references with the HTML5 replacements for invalid code points.
std::u32string htmlUnescape(std::u32string_view text);

// ftfy 6.x fixes.unescape_html(): only `&name;` / `&#..;` forms of at most 24
// alphanumerics, plus upper-cased names such as "&NTILDE;".
std::u32string ftfyUnescapeHtml(std::u32string_view text);

}  // namespace sd::text
