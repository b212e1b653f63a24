#include "core/text/prompt_syntax.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/text/extra_network_tags.h"

namespace sd {

namespace {

constexpr double kDeemphasisMultiplier = 1.0 / kEmphasisMultiplier;  // A1111 multiplies by 1/1.1, not ÷1.1
constexpr std::string_view kBreak = "BREAK";

bool isWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
}
bool isSpaceByte(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool isBracket(char c) { return c == '(' || c == ')' || c == '[' || c == ']'; }

// re.split(r"\s*\bBREAK\b\s*", text): the parts between BREAK keywords.
std::vector<std::string_view> splitAtBreak(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t partBegin = 0, search = 0, pos = 0;
  while ((pos = text.find(kBreak, search)) != std::string_view::npos) {
    const std::size_t end = pos + kBreak.size();
    const bool bounded = (pos == 0 || !isWordByte(text[pos - 1])) && (end == text.size() || !isWordByte(text[end]));
    if (!bounded) {
      search = pos + 1;
      continue;
    }
    std::size_t left = pos, right = end;
    while (left > partBegin && isSpaceByte(text[left - 1])) --left;
    while (right < text.size() && isSpaceByte(text[right])) ++right;
    parts.push_back(text.substr(partBegin, left - partBegin));
    partBegin = search = right;
  }
  parts.push_back(text.substr(partBegin));
  return parts;
}

// A1111's weight pattern ":([+-]?[.\d]+)\)" at `colon`: the match's length
// (0 if none) and its value. A number float() would refuse, or one out of a
// double's range, counts as no match.
std::size_t matchWeight(std::string_view s, std::size_t colon, double& value) {
  std::size_t j = colon + 1;
  const bool negative = j < s.size() && s[j] == '-';
  if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
  std::size_t k = j;
  while (k < s.size() && ((s[k] >= '0' && s[k] <= '9') || s[k] == '.')) ++k;
  if (k == j || k >= s.size() || s[k] != ')') return 0;
  const auto [end, ec] = std::from_chars(s.data() + j, s.data() + k, value);
  if (ec != std::errc() || end != s.data() + k || !std::isfinite(value)) return 0;
  if (negative) value = -value;
  return k + 1 - colon;
}

class WeightParser {
 public:
  std::vector<PromptFragment> parse(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) i += step(s, i);
    // Unclosed brackets reach to the end, round ones first (A1111's order).
    for (const auto start : m_round) multiplyFrom(start, kEmphasisMultiplier);
    for (const auto start : m_square) multiplyFrom(start, kDeemphasisMultiplier);
    if (m_out.empty()) m_out.push_back({});
    mergeEqualWeights();
    return std::move(m_out);
  }

 private:
  // Consumes one token at i (the alternatives of A1111's re_attention, in
  // its order) and returns its length.
  std::size_t step(std::string_view s, std::size_t i) {
    const char c = s[i];
    if (c == '\\') {
      const bool escapes = i + 1 < s.size() && (isBracket(s[i + 1]) || s[i + 1] == '\\');
      m_out.push_back({escapes ? std::string(1, s[i + 1]) : std::string()});  // a lone backslash vanishes
      return escapes ? 2 : 1;
    }
    if (c == '(' || c == '[') {
      (c == '(' ? m_round : m_square).push_back(m_out.size());
      return 1;
    }
    if (c == ':') {
      double weight = 1.0;
      if (const auto length = matchWeight(s, i, weight)) {
        if (m_round.empty()) addText(s.substr(i, length));
        else closeWith(m_round, weight);
        return length;
      }
      addText(":");
      return 1;
    }
    if (c == ')' || c == ']') {
      auto& open = c == ')' ? m_round : m_square;
      if (open.empty()) addText(s.substr(i, 1));
      else closeWith(open, c == ')' ? kEmphasisMultiplier : kDeemphasisMultiplier);
      return 1;
    }
    std::size_t end = i;
    while (end < s.size() && !isBracket(s[end]) && s[end] != '\\' && s[end] != ':') ++end;
    addText(s.substr(i, end - i));
    return end - i;
  }

  void closeWith(std::vector<std::size_t>& open, double multiplier) {
    multiplyFrom(open.back(), multiplier);
    open.pop_back();
  }

  void multiplyFrom(std::size_t start, double multiplier) {
    for (auto i = start; i < m_out.size(); ++i)
      if (!m_out[i].isBreak)
        m_out[i].weight = std::clamp(m_out[i].weight * multiplier, -kMaxPromptWeight, kMaxPromptWeight);
  }

  void addText(std::string_view text) {
    const auto parts = splitAtBreak(text);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) m_out.push_back({"", 1.0, true});
      m_out.push_back({std::string(parts[i])});
    }
  }

  // Exact comparison, as A1111's: (a)[b] stays two fragments. One pass
  // (erasing one by one was quadratic: a 1 MB prompt of "\\(" took minutes).
  void mergeEqualWeights() {
    std::vector<PromptFragment> merged;
    merged.reserve(m_out.size());
    for (auto& f : m_out) {
      if (!merged.empty() && !merged.back().isBreak && !f.isBreak && merged.back().weight == f.weight)
        merged.back().text += f.text;
      else
        merged.push_back(std::move(f));
    }
    m_out = std::move(merged);
  }

  std::vector<PromptFragment> m_out;
  std::vector<std::size_t> m_round, m_square;  // where each open bracket's range starts
};

// End of the group opening at `begin`: past its matching bracket, or the end.
std::size_t groupEnd(std::string_view s, std::size_t begin) {
  int depth = 0;
  for (std::size_t j = begin; j < s.size(); ++j) {
    if (s[j] == '\\') {
      ++j;
    } else if (s[j] == '(' || s[j] == '[') {
      ++depth;
    } else if ((s[j] == ')' || s[j] == ']') && --depth == 0) {
      return j + 1;
    }
  }
  return s.size();
}

std::size_t wordEnd(std::string_view s, std::size_t begin) {
  std::size_t j = begin;
  while (j < s.size() && !isSpaceByte(s[j]) && s[j] != ',' && !isBracket(s[j])) j += s[j] == '\\' ? 2 : 1;
  return std::min(j, s.size());
}

}  // namespace

// Extra-network tags go first, as A1111 removes them before parsing emphasis.
std::vector<PromptFragment> parsePromptWeights(std::string_view prompt) {
  return WeightParser().parse(withoutExtraNetworkTags(prompt));
}

std::string promptPlainText(std::string_view prompt) {
  std::string text;
  for (const auto& f : parsePromptWeights(prompt)) text += f.isBreak ? std::string(" ") : f.text;
  return text;
}

bool hasPromptSyntax(std::string_view prompt) { return promptPlainText(prompt) != prompt; }

std::vector<PromptUnit> promptUnits(std::string_view s) {
  std::vector<PromptUnit> units;
  const auto tags = extraNetworkTags(s);
  auto tag = tags.begin();
  for (std::size_t i = 0; i < s.size();) {
    while (tag != tags.end() && tag->end <= i) ++tag;
    if (tag != tags.end() && tag->begin == i) {  // a LoRA tag is no word CLIP reads
      i = tag->end;
      continue;
    }
    const char c = s[i];
    if (isSpaceByte(c) || c == ',' || c == ')' || c == ']') {  // separators and stray closers
      ++i;
      continue;
    }
    const bool group = c == '(' || c == '[';
    const auto end = group ? groupEnd(s, i) : wordEnd(s, i);
    PromptUnit unit{i, end, std::string(s.substr(i, end - i)), group};
    if (unit.text != kBreak) units.push_back(std::move(unit));
    i = end;
  }
  return units;
}

std::string withoutUnit(std::string_view prompt, const PromptUnit& unit) {
  return std::string(prompt.substr(0, unit.begin)) + std::string(prompt.substr(unit.end));
}

}  // namespace sd
