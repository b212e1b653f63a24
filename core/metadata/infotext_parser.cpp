#include "core/metadata/infotext_parser.h"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/metadata/text_values.h"
#include "core/metadata/sampler_names.h"

namespace sd {

namespace {

bool isWord(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }
bool isKeyChar(char c) { return isWord(c) || c == ' ' || c == '-' || c == '/'; }
bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// A1111's quoted value: "(?:\\.|[^\\"])+" — returns its end (past the closing
// quote) or npos.
std::size_t quotedEnd(std::string_view s, std::size_t open) {
  std::size_t i = open + 1;
  while (i < s.size() && s[i] != '"') i += s[i] == '\\' ? 2 : 1;
  if (i >= s.size() || i == open + 1) return std::string_view::npos;
  return i + 1;
}

std::string unquote(const std::string& value) {
  if (value.size() < 2 || value.front() != '"' || value.back() != '"') return value;
  try {
    return nlohmann::json::parse(value).get<std::string>();
  } catch (const std::exception&) {
    return value;  // A1111 keeps it as written too
  }
}

// One match of A1111's re_param at `pos` or later, emulating re.findall:
// \s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)
bool nextField(std::string_view s, std::size_t& pos, std::pair<std::string, std::string>& field) {
  for (; pos < s.size(); ++pos) {
    std::size_t i = pos;
    while (i < s.size() && isSpace(s[i])) ++i;
    if (i >= s.size() || !isWord(s[i])) continue;
    std::size_t keyEnd = i + 1;
    while (keyEnd < s.size() && isKeyChar(s[keyEnd])) ++keyEnd;
    if (keyEnd - i < 2 || keyEnd >= s.size() || s[keyEnd] != ':') continue;
    std::size_t v = keyEnd + 1;
    while (v < s.size() && isSpace(s[v])) ++v;
    std::size_t valueEnd = std::string_view::npos;
    if (v < s.size() && s[v] == '"') {
      const std::size_t q = quotedEnd(s, v);
      if (q != std::string_view::npos && (q == s.size() || s[q] == ',')) valueEnd = q;
    }
    if (valueEnd == std::string_view::npos) valueEnd = std::min(s.find(',', v), s.size());
    field = {std::string(s.substr(i, keyEnd - i)), unquote(trimmed(s.substr(v, valueEnd - v)))};
    pos = valueEnd < s.size() ? valueEnd + 1 : s.size();
    return true;
  }
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
    else if (key == "Size") size(value);
    else if (key == "Model hash") r.modelHash = value;
    else if (key == "Model") r.modelName = value;
    else if (key == "Clip skip") number(key, value, r.clipSkip);
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
  for (std::size_t pos = 0; nextField(line, pos, field);) fields.push_back(field);
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
