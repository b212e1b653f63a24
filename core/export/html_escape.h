#pragma once
// Escaping for text placed in HTML and SVG: element content and quoted
// attribute values alike (& < > " ' all escaped), invalid UTF-8 dropped and
// control characters other than tab/newline removed, so a hostile prompt
// ("<script>", quotes, "&") is always shown as text, never run.
#include <string>
#include <string_view>

namespace sd {

std::string htmlEscape(std::string_view text);

}  // namespace sd
