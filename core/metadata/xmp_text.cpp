#include "core/metadata/xmp_text.h"

#include <charconv>

#include "core/metadata/text_encoding.h"

namespace sd {

namespace {

// XML character data → text: predefined entities and &#…; references.
std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    // The ';' is looked for only as far as an entity can reach: searching
    // the rest of the text for each '&' was quadratic (4 MB of '&': 90 s).
    const auto near = s[i] == '&' ? s.substr(i, 11).find(';') : std::string_view::npos;
    const auto semi = near == std::string_view::npos ? near : i + near;
    if (semi == std::string_view::npos) {
      out += s[i];
      continue;
    }
    const auto entity = s.substr(i + 1, semi - i - 1);
    unsigned long code = 0;
    if (entity == "lt") out += '<';
    else if (entity == "gt") out += '>';
    else if (entity == "amp") out += '&';
    else if (entity == "quot") out += '"';
    else if (entity == "apos") out += '\'';
    else if (entity.size() > 1 && entity[0] == '#') {
      const bool hex = entity[1] == 'x' || entity[1] == 'X';
      const auto digits = entity.substr(hex ? 2 : 1);
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
      if (ec != std::errc() || end != digits.data() + digits.size()) {
        out += s[i];
        continue;
      }
      appendUtf8(out, code > 0x10FFFF ? 0xFFFD : static_cast<char32_t>(code));
    } else {
      out += s[i];
      continue;
    }
    i = semi;
  }
  return out;
}

// The text of the first <li …>…</li> in `inner` (rdf:Alt/Seq/Bag), else
// `inner` itself when it holds no markup.
std::string elementText(std::string_view inner) {
  const auto li = inner.find("<rdf:li");
  if (li == std::string_view::npos) {
    if (inner.find('<') != std::string_view::npos) return "";
    return unescape(inner);
  }
  const auto open = inner.find('>', li);
  const auto close = inner.find("</rdf:li>", li);
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return "";
  return unescape(inner.substr(open + 1, close - open - 1));
}

}  // namespace

std::string xmpProperty(std::string_view xmp, std::string_view name) {
  std::string element(1, '<');
  element += name;
  for (auto at = xmp.find(element); at != std::string_view::npos; at = xmp.find(element, at + 1)) {
    const auto next = at + element.size();
    if (next < xmp.size() && (xmp[next] == '>' || xmp[next] == ' ' || xmp[next] == '\n' || xmp[next] == '\t' || xmp[next] == '\r')) {
      const auto open = xmp.find('>', next);
      if (open == std::string_view::npos || xmp[open - 1] == '/') return "";
      const auto close = xmp.find("</" + std::string(name) + ">", open);
      if (close == std::string_view::npos) return "";
      return elementText(xmp.substr(open + 1, close - open - 1));
    }
  }
  const std::string attribute = std::string(name) + "=";
  const auto at = xmp.find(attribute);
  if (at == std::string_view::npos || at + attribute.size() >= xmp.size()) return "";
  const char quote = xmp[at + attribute.size()];
  if (quote != '"' && quote != '\'') return "";
  const auto start = at + attribute.size() + 1;
  const auto end = xmp.find(quote, start);
  if (end == std::string_view::npos) return "";
  return unescape(xmp.substr(start, end - start));
}

}  // namespace sd
