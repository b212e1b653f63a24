#include "core/gallery/gallery_query.h"

#include <charconv>
#include <cmath>
#include <ctime>

#include "core/util/error.h"

namespace sd {

namespace {

bool isKeyLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

QueryTerm termOf(std::string original, std::string text, bool startsQuoted) {
  QueryTerm term;
  term.original = std::move(original);
  if (!startsQuoted && text.size() > 1 && text[0] == '-') {
    term.exclude = true;
    text.erase(0, 1);
  }
  // key:value only when the key is a plain word, so "(cat:1.2)" stays text.
  const auto colon = text.find(':');
  bool keyed = !startsQuoted && colon != std::string::npos && colon > 0;
  for (std::size_t i = 0; keyed && i < colon; ++i) keyed = isKeyLetter(text[i]);
  if (keyed) {
    term.key = asciiLower(std::string_view(text).substr(0, colon));
    term.value = text.substr(colon + 1);
  } else {
    term.value = std::move(text);
  }
  return term;
}

int64_t localMidnightMs(int year, int month, int day) {
  std::tm t{};
  t.tm_year = year - 1900;
  t.tm_mon = month - 1;
  t.tm_mday = day;
  t.tm_isdst = -1;  // the zone's rule for that day
  return int64_t(std::mktime(&t)) * 1000;
}

int wholeIn(std::string_view text, int min, int max, const char* what) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max)
    throw Error(std::string("expected a ") + what + " from " + std::to_string(min) + " to " + std::to_string(max) +
                ", e.g. date:2026-11-30");
  return v;
}

}  // namespace

std::string asciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return out;
}

std::vector<QueryTerm> splitQuery(std::string_view query) {
  std::vector<QueryTerm> terms;
  std::size_t i = 0;
  while (i < query.size()) {
    if (query[i] == ' ' || query[i] == '\t' || query[i] == '\n' || query[i] == '\r') {
      ++i;
      continue;
    }
    const std::size_t start = i;
    const bool startsQuoted = query[i] == '"';
    std::string text;
    bool quoted = false;
    for (; i < query.size() && (quoted || (query[i] != ' ' && query[i] != '\t' && query[i] != '\n')); ++i) {
      if (query[i] == '"')
        quoted = !quoted;
      else
        text += query[i];
    }
    const std::string original(query.substr(start, i - start));
    if (quoted) throw Error("filter term '" + original + "': the quote is never closed");
    if (!text.empty()) terms.push_back(termOf(original, std::move(text), startsQuoted));
  }
  return terms;
}

std::optional<Comparison> takeComparison(std::string_view& value) {
  for (const auto& [op, c] : {std::pair{">=", Comparison::GreaterOrEqual}, std::pair{"<=", Comparison::LessOrEqual},
                              std::pair{">", Comparison::Greater}, std::pair{"<", Comparison::Less},
                              std::pair{"=", Comparison::Equal}}) {
    const std::string_view o(op);
    if (value.substr(0, o.size()) == o) {
      value.remove_prefix(o.size());
      return c;
    }
  }
  return std::nullopt;
}

double parseDecimal(std::string_view text, bool whole) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  const bool ok = !text.empty() && ec == std::errc() && end == text.data() + text.size() && std::isfinite(v);
  if (!ok || (whole && (v < 0 || v != std::floor(v))))
    throw Error(whole ? "expected a whole number ≥ 0, got '" + std::string(text) + "'"
                      : "expected a number, got '" + std::string(text) + "'");
  return v;
}

std::pair<uint64_t, uint64_t> parseSeedRange(std::string_view text) {
  auto seed = [](std::string_view s) {
    uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size())
      throw Error("a seed is a whole number ≥ 0 (or a range such as 10..20), got '" + std::string(s) + "'");
    return v;
  };
  const auto dots = text.find("..");
  if (dots == std::string_view::npos) return {seed(text), seed(text)};
  const auto low = seed(text.substr(0, dots));
  const auto high = seed(text.substr(dots + 2));
  if (low > high) throw Error("the seed range runs backwards");
  return {low, high};
}

double parseMargin(std::string_view text) {
  const bool percent = !text.empty() && text.back() == '%';
  if (percent) text.remove_suffix(1);
  double v = 0;
  try {
    v = parseDecimal(text, false);
  } catch (const Error&) {
    throw Error("a margin is a number such as 0.2 or 20%");
  }
  if (percent) v /= 100;
  if (v < -1 || v > 1) throw Error("a margin lies between -1 and 1 (-100% and 100%)");
  return v;
}

DayRange parseDayRange(std::string_view text, int64_t nowMs) {
  if (text == "today" || text == "yesterday") {
    const std::time_t now = std::time_t(nowMs / 1000);
    std::tm local{};
    localtime_r(&now, &local);
    const int back = text == "yesterday" ? 1 : 0;
    return {localMidnightMs(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday - back),
            localMidnightMs(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday - back + 1)};
  }
  const auto firstDash = text.find('-');
  const int year = wholeIn(text.substr(0, firstDash), 1970, 9999, "year");
  if (firstDash == std::string_view::npos) return {localMidnightMs(year, 1, 1), localMidnightMs(year + 1, 1, 1)};
  const auto rest = text.substr(firstDash + 1);
  const auto secondDash = rest.find('-');
  const int month = wholeIn(rest.substr(0, secondDash), 1, 12, "month");
  if (secondDash == std::string_view::npos)
    return {localMidnightMs(year, month, 1), localMidnightMs(year, month + 1, 1)};
  const int day = wholeIn(rest.substr(secondDash + 1), 1, 31, "day");
  const int64_t start = localMidnightMs(year, month, day);
  // mktime rolls 2026-02-30 into March: refuse a day the month lacks.
  if (start >= localMidnightMs(year, month + 1, 1)) throw Error("that month has no day " + std::to_string(day));
  return {start, localMidnightMs(year, month, day + 1)};
}

}  // namespace sd
