#include "core/metadata/infotext_parser.h"

#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/metadata/text_values.h"
#include "core/metadata/sampler_names.h"

namespace sd {

namespace {

bool isWord(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }
bool isKeyChar(char c) { return isWord(c) || c == ' ' || c == '-' || c == '/'; }
bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// A1111's quoted value: "(?:\\.|[^\\"])+" — where the one opening at each
// quote ends (past its closing quote; npos when it does not close or is
// empty). Scanning is a chain (a backslash skips two bytes, anything else
// one) that depends only on where it starts, so the stops are found for the
// whole line in one pass from the right, on first use: scanning anew from
// every quote is quadratic on a line of many `k: "\"` values.
class QuotedValues {
 public:
  explicit QuotedValues(std::string_view s) : m_s(s) {}

  std::size_t end(std::size_t open) {
    if (m_stop.empty()) build();
    const std::uint32_t stop = open + 1 < m_s.size() ? m_stop[open + 1] : kNone;
    if (stop == kNone || stop == open + 1) return std::string_view::npos;
    return std::size_t(stop) + 1;
  }

 private:
  // 32-bit positions: infotext comes from text chunks capped far below 4 GB.
  static constexpr std::uint32_t kNone = UINT32_MAX;

  void build() {
    const std::size_t n = m_s.size();
    m_stop.assign(n, kNone);
    for (std::size_t i = n; i-- > 0;) {
      if (m_s[i] == '"') m_stop[i] = static_cast<std::uint32_t>(i);
      else if (m_s[i] == '\\') m_stop[i] = i + 2 < n ? m_stop[i + 2] : kNone;
      else m_stop[i] = i + 1 < n ? m_stop[i + 1] : kNone;
    }
  }

  std::string_view m_s;
  std::vector<std::uint32_t> m_stop;  // index of the quote the chain from i stops at
};

// True when `value` ("…") has the shape of a JSON string: no bare quote or
// control byte inside, escapes JSON knows, the closing quote not escaped.
// Checked first because a failing parse costs microseconds (nlohmann builds
// its error message even when asked not to throw), and a hostile line holds
// a million broken quotes.
bool jsonStringShape(std::string_view value) {
  for (std::size_t i = 1; i + 1 < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c == '"' || c < 0x20) return false;
    if (c != '\\') continue;
    if (i + 2 >= value.size() || std::string_view("\"\\/bfnrtu").find(value[i + 1]) == std::string_view::npos)
      return false;
    ++i;
  }
  return true;
}

// A JSON-quoted value as A1111 writes it; one that does not parse is kept
// as written, as A1111 does.
std::string unquote(const std::string& value) {
  if (value.size() < 2 || value.front() != '"' || value.back() != '"' || !jsonStringShape(value)) return value;
  const auto parsed = nlohmann::json::parse(value, nullptr, false);
  return parsed.is_string() ? parsed.get<std::string>() : value;
}

// One match of A1111's re_param at `pos` or later, emulating re.findall:
// \s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)
// Linear in the line: a failed key runs to the end of its run of key
// characters, and every start inside that run fails the same way there, so
// the search resumes after it (trying each start, as the regex engine does,
// is quadratic: a 300 KB line of words took minutes).
bool nextField(std::string_view s, QuotedValues& quoted, std::size_t& pos, std::pair<std::string, std::string>& field) {
  while (pos < s.size()) {
    std::size_t i = pos;
    while (i < s.size() && isSpace(s[i])) ++i;
    if (i >= s.size()) break;
    if (!isWord(s[i])) {
      pos = i + 1;
      continue;
    }
    std::size_t keyEnd = i + 1;
    while (keyEnd < s.size() && isKeyChar(s[keyEnd])) ++keyEnd;
    if (keyEnd - i < 2 || keyEnd >= s.size() || s[keyEnd] != ':') {
      pos = keyEnd;
      continue;
    }
    std::size_t v = keyEnd + 1;
    while (v < s.size() && isSpace(s[v])) ++v;
    std::size_t valueEnd = std::string_view::npos;
    if (v < s.size() && s[v] == '"') {
      const std::size_t q = quoted.end(v);
      if (q != std::string_view::npos && (q == s.size() || s[q] == ',')) valueEnd = q;
    }
    if (valueEnd == std::string_view::npos) valueEnd = std::min(s.find(',', v), s.size());
    field = {std::string(s.substr(i, keyEnd - i)), unquote(trimmed(s.substr(v, valueEnd - v)))};
    pos = valueEnd < s.size() ? valueEnd + 1 : s.size();
    return true;
  }
  pos = s.size();
  return false;
}

class RecipeFiller {
 public:
  explicit RecipeFiller(ImageSettings& s) : m_s(s) {}

  void apply(const std::string& key, const std::string& value) {
    auto& r = m_s.recipe;
    if (key == "Steps") number(key, value, r.steps);
    else if (key == "CFG scale") number(key, value, r.cfgScale);
    else if (key == "Seed") number(key, value, r.seed);
    else if (key == "Variation seed") number(key, value, r.variationSeed);
    else if (key == "Variation seed strength") number(key, value, r.variationStrength);
    else if (key == "Size") size(value);
    else if (key == "Model hash") r.modelHash = value;
    else if (key == "Model") r.modelName = value;
    else if (key == "Lora hashes") r.loraHashes = value;
    else if (key == "Clip skip") number(key, value, r.clipSkip);
    else if (key == "Mask blur") {
      int blur = 0;
      if (number(key, value, blur)) r.maskBlur = blur;
    } else if (key == "Inpaint area") r.inpaintOnlyMasked = value == "Only masked";
    else if (key == "Masked area padding") number(key, value, r.maskedAreaPadding);
    else if (key == "Inpaint overlay") r.inpaintOverlay = value != "off";
    else if (key == "Eta DDIM" || key == "Eta") number(key, value, r.eta);
    else if (key == "Denoising strength") {
      double d = 0;
      if (number(key, value, d)) r.denoisingStrength = d;
    }
  }

 private:
  template <typename T>
  bool number(const std::string& key, const std::string& value, T& out) {
    if (parseNumber(value, out)) return true;
    m_s.warnings.push_back(key + ": '" + value + "' is not a number");
    return false;
  }
  void size(const std::string& value) {
    const auto x = value.find('x');
    int w = 0, h = 0;
    if (x != std::string::npos && parseNumber(value.substr(0, x), w) && parseNumber(value.substr(x + 1), h)) {
      m_s.recipe.width = w;
      m_s.recipe.height = h;
    } else {
      m_s.warnings.push_back("Size: '" + value + "' is not WIDTHxHEIGHT");
    }
  }
  ImageSettings& m_s;
};

std::vector<std::string> splitLines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (;;) {
    const auto nl = text.find('\n', start);
    lines.emplace_back(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

std::string fieldValue(const ImageSettings& s, const std::string& key) {
  for (const auto& [k, v] : s.fields)
    if (k == key) return v;
  return "";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parseInfotextFields(std::string_view line) {
  std::vector<std::pair<std::string, std::string>> fields;
  std::pair<std::string, std::string> field;
  QuotedValues quoted(line);
  for (std::size_t pos = 0; nextField(line, quoted, pos, field);) fields.push_back(std::move(field));
  return fields;
}

ImageSettings parseInfotext(std::string_view infotext) {
  ImageSettings s;
  s.source = SettingsSource::A1111;
  // Each line is trimmed below, which also drops the '\r' of Windows line ends.
  auto lines = splitLines(trimmed(infotext));
  s.fields = parseInfotextFields(lines.back());
  if (s.fields.size() < 3) s.fields.clear();
  else lines.pop_back();
  bool negative = false;
  std::string prompt, negativePrompt;
  for (const auto& raw : lines) {
    std::string line = trimmed(raw);
    if (line.rfind("Negative prompt:", 0) == 0) {
      negative = true;
      line = trimmed(std::string_view(line).substr(16));
    }
    auto& target = negative ? negativePrompt : prompt;
    target += (target.empty() ? "" : "\n") + line;
  }
  s.recipe.prompt = prompt;
  s.recipe.negativePrompt = negativePrompt;
  RecipeFiller filler(s);
  for (const auto& [k, v] : s.fields) filler.apply(k, v);
  if (fieldValue(s, "Clip skip").empty()) s.recipe.clipSkip = 1;  // A1111: missing means 1
  if (const auto sampler = fieldValue(s, "Sampler"); !sampler.empty()) applySampler(s, sampler, fieldValue(s, "Schedule type"));
  const std::string version = fieldValue(s, "Version");
  if (version == "stable-diffusion.cpp") s.source = SettingsSource::SdCpp;
  // A bare version ("v1.10.1") is A1111's own; anything else names the
  // writer (Fooocus' a1111 scheme, sd.cpp, Forge).
  if (!version.empty() && !(version.size() > 1 && version[0] == 'v' && std::isdigit(static_cast<unsigned char>(version[1]))))
    s.tool = version;
  return s;
}

}  // namespace sd
