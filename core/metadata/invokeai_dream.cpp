#include "core/metadata/invokeai_dream.h"

#include <cctype>
#include <sstream>

#include "core/metadata/text_values.h"
#include "core/metadata/sampler_names.h"

namespace sd {

namespace {

void append(std::string& to, std::string_view part) {
  const auto text = trimmed(part, " ,\t\r\n");
  if (!text.empty()) to += (to.empty() ? "" : ", ") + text;
}

bool isFlag(const std::string& token) { return token.size() >= 2 && token[0] == '-' && std::isalpha(static_cast<unsigned char>(token[1])); }

// Options → (flag, value) with the value's words joined ("-U 4 0.95").
std::vector<std::pair<std::string, std::string>> options(std::string_view text) {
  std::istringstream words{std::string(text)};
  std::vector<std::pair<std::string, std::string>> out;
  for (std::string word; words >> word;) {
    if (isFlag(word)) out.emplace_back(word, "");
    else if (!out.empty()) out.back().second += (out.back().second.empty() ? "" : " ") + word;
  }
  return out;
}

}  // namespace

InvokePrompt splitInvokePrompt(std::string_view prompt) {
  InvokePrompt out;
  std::size_t pos = 0;
  while (pos < prompt.size()) {
    const auto open = prompt.find('[', pos);
    const auto close = open == std::string_view::npos ? open : prompt.find(']', open);
    if (close == std::string_view::npos) break;  // an unclosed '[' is plain text
    append(out.positive, prompt.substr(pos, open - pos));
    append(out.negative, prompt.substr(open + 1, close - open - 1));
    pos = close + 1;
  }
  if (pos < prompt.size()) append(out.positive, prompt.substr(pos));
  return out;
}

std::optional<ImageSettings> parseInvokeDream(std::string_view dream) {
  if (dream.size() < 2 || dream[0] != '"') return std::nullopt;
  // The prompt ends at the quote before the first option.
  auto close = dream.find("\" -", 1);
  if (close == std::string_view::npos) close = dream.rfind('"');
  if (close == 0) return std::nullopt;
  ImageSettings s;
  auto& r = s.recipe;
  bool seedOrSteps = false;
  std::string sampler;
  for (const auto& [flag, value] : options(dream.substr(close + 1))) {
    bool ok = true;
    if (flag == "-s") seedOrSteps |= ok = parseNumber(value, r.steps);
    else if (flag == "-S") seedOrSteps |= ok = parseNumber(value, r.seed);
    else if (flag == "-W") ok = parseNumber(value, r.width);
    else if (flag == "-H") ok = parseNumber(value, r.height);
    else if (flag == "-C") ok = parseNumber(value, r.cfgScale);
    else if (flag == "-A") sampler = value;
    else if (flag == "-f") {
      double strength = 0;
      if ((ok = parseNumber(value, strength))) r.denoisingStrength = strength;
    }
    if (!ok) s.warnings.push_back(flag + ": '" + value + "' is not a number");
    s.fields.emplace_back(flag, value);
  }
  if (!seedOrSteps) return std::nullopt;
  s.source = SettingsSource::InvokeAi;
  s.tool = "InvokeAI";
  const auto prompt = splitInvokePrompt(dream.substr(1, close - 1));
  r.prompt = prompt.positive;
  r.negativePrompt = prompt.negative;
  if (!sampler.empty()) applySampler(s, sampler, "");
  return s;
}

}  // namespace sd
