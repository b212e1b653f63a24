#include "core/gallery/gallery_filter.h"

#include <algorithm>
#include <chrono>

#include "core/gallery/gallery_query.h"
#include "core/schedulers/scheduler_names.h"
#include "core/util/error.h"

namespace sd {

namespace {

using Number = GalleryFilter::Number;
using Text = GalleryFilter::Text;

[[noreturn]] void refuse(const QueryTerm& term, const std::string& why) {
  throw Error("filter term '" + term.original + "': " + why);
}

std::optional<Text::Field> textField(const std::string& key) {
  if (key.empty() || key == "prompt") return Text::Prompt;
  if (key == "neg" || key == "negative") return Text::Negative;
  if (key == "model") return Text::Model;
  return std::nullopt;
}

std::optional<Number::Field> numberField(const std::string& key) {
  if (key == "seed") return Number::Seed;
  if (key == "steps") return Number::Steps;
  if (key == "cfg") return Number::Cfg;
  if (key == "margin") return Number::Margin;
  if (key == "date") return Number::Date;
  return std::nullopt;
}

Number numberTerm(const QueryTerm& term, Number::Field field, int64_t nowMs) {
  Number n;
  n.field = field;
  std::string_view value = term.value;
  const auto op = takeComparison(value);
  n.comparison = op.value_or(field == Number::Margin ? Comparison::GreaterOrEqual : Comparison::Equal);
  try {
    if (field == Number::Date) {
      const DayRange days = parseDayRange(value, nowMs);
      n.low = double(days.startMs);
      n.high = double(days.endMs);
      return n;
    }
    if (field == Number::Seed) {
      const auto range = parseSeedRange(value);
      if (range.first != range.second && op) throw Error("a seed range takes no comparison");
      n.low = double(range.first);
      n.high = double(range.second);
      return n;
    }
    n.low = n.high = field == Number::Margin ? parseMargin(value) : parseDecimal(value, field == Number::Steps);
  } catch (const Error& e) {
    refuse(term, e.what());
  }
  return n;
}

std::pair<int, int> sizeTerm(const QueryTerm& term) {
  std::string value;  // 512×768 reads as 512x768
  for (std::size_t i = 0; i < term.value.size(); ++i) {
    const bool times = term.value.compare(i, 2, "\u00d7") == 0;
    value += times ? 'x' : term.value[i];
    i += times ? 1 : 0;
  }
  const auto x = value.find_first_of("xX");
  if (x == std::string::npos) refuse(term, "a size is WIDTHxHEIGHT, e.g. size:512x768");
  try {
    return {int(parseDecimal(value.substr(0, x), true)), int(parseDecimal(value.substr(x + 1), true))};
  } catch (const Error& e) {
    refuse(term, e.what());
  }
}

bool contains(const std::string& haystack, const std::string& lowerNeedle) {
  return asciiLower(haystack).find(lowerNeedle) != std::string::npos;
}

bool textMatches(const Text& t, const GalleryFacts& f) {
  bool found = false;
  switch (t.field) {
    case Text::Prompt: found = contains(f.prompt, t.needle); break;
    case Text::Negative: found = contains(f.negativePrompt, t.needle); break;
    case Text::Model: found = contains(f.modelName, t.needle) || asciiLower(f.modelHash).rfind(t.needle, 0) == 0; break;
  }
  return found != t.exclude;
}

std::optional<double> valueOf(Number::Field field, const GalleryFacts& f) {
  switch (field) {
    case Number::Seed: return double(f.seed);
    case Number::Steps: return double(f.steps);
    case Number::Cfg: return f.cfgScale;
    case Number::Margin: return f.margin;
    case Number::Date: return f.addedAtMs > 0 ? std::optional<double>(double(f.addedAtMs)) : std::nullopt;
  }
  return std::nullopt;
}

bool numberMatches(const Number& n, const GalleryFacts& f) {
  const auto v = valueOf(n.field, f);
  if (!v) return false;
  // A date stands for the half-open range of its days: "< day" is before
  // its first millisecond, "<= day" before the next day's.
  const bool halfOpen = n.field == Number::Date;
  switch (n.comparison) {
    case Comparison::Equal: return *v >= n.low && (halfOpen ? *v < n.high : *v <= n.high);
    case Comparison::Greater: return halfOpen ? *v >= n.high : *v > n.high;
    case Comparison::GreaterOrEqual: return *v >= n.low;
    case Comparison::Less: return *v < n.low;
    case Comparison::LessOrEqual: return halfOpen ? *v < n.high : *v <= n.high;
  }
  return false;
}

std::string schedulerIdOf(const std::string& name) {
  const auto info = findScheduler(name);
  return info ? info->id : asciiLower(name);
}

}  // namespace

GalleryFacts factsOf(const GalleryEntry& entry) {
  const ImageRecipe& r = entry.recipe;
  GalleryFacts f;
  f.prompt = r.prompt;
  f.negativePrompt = r.negativePrompt;
  f.modelName = r.modelName;
  f.modelHash = r.modelHash;
  f.scheduler = r.schedulerId;
  f.seed = r.seed;
  f.width = r.width;
  f.height = r.height;
  f.steps = r.steps;
  f.cfgScale = r.cfgScale;
  f.addedAtMs = entry.addedAtMs;
  const int own = ownComparisonIndex(r);
  if (own >= 0 && std::size_t(own) < r.probabilities.size() && r.probabilities.size() == r.comparisonPrompts.size()) {
    double bestOther = 0;
    for (std::size_t i = 0; i < r.probabilities.size(); ++i)
      if (int(i) != own) bestOther = std::max(bestOther, r.probabilities[i]);
    f.margin = r.probabilities[std::size_t(own)] - bestOther;
  }
  return f;
}

GalleryFilter parseGalleryFilter(std::string_view query, int64_t nowMs) {
  GalleryFilter filter;
  filter.query = std::string(query);
  for (const QueryTerm& term : splitQuery(query)) {
    if (const auto field = textField(term.key)) {
      if (term.value.empty()) refuse(term, "nothing to look for after the colon");
      filter.texts.push_back({*field, asciiLower(term.value), term.exclude});
      continue;
    }
    if (term.exclude) refuse(term, "only words, neg: and model: can be excluded with '-'");
    if (const auto field = numberField(term.key)) {
      filter.numbers.push_back(numberTerm(term, *field, nowMs));
    } else if (term.key == "sampler") {
      const auto info = findScheduler(term.value);
      if (!info) refuse(term, "no sampler is called '" + term.value + "' (e.g. euler, \"Euler a\", \"DPM++ 2M Karras\")");
      filter.schedulerId = info->id;
    } else if (term.key == "size") {
      filter.size = sizeTerm(term);
    } else {
      refuse(term, "unknown field '" + term.key +
                       "' (known: prompt, neg, model, sampler, seed, size, steps, cfg, date, margin; put a word "
                       "with a colon in quotes)");
    }
  }
  return filter;
}

GalleryFilter parseGalleryFilter(std::string_view query) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return parseGalleryFilter(query, std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
}

bool matches(const GalleryFilter& filter, const GalleryFacts& facts) {
  for (const auto& t : filter.texts)
    if (!textMatches(t, facts)) return false;
  for (const auto& n : filter.numbers)
    if (!numberMatches(n, facts)) return false;
  if (filter.schedulerId && schedulerIdOf(facts.scheduler) != *filter.schedulerId) return false;
  if (filter.size && (facts.width != filter.size->first || facts.height != filter.size->second)) return false;
  return true;
}

std::vector<GalleryEntry> filterEntries(const std::vector<GalleryEntry>& entries, const GalleryFilter& filter) {
  std::vector<GalleryEntry> kept;
  for (const auto& entry : entries)
    if (matches(filter, factsOf(entry))) kept.push_back(entry);
  return kept;
}

}  // namespace sd
