#pragma once
// The words of a gallery query (gallery_filter.h) and the values in them:
// splitting on spaces outside quotes, key:value terms, comparison
// operators, numbers, margins and local calendar days. Each parser throws
// sd::Error saying what it expected; the filter adds the term's name.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/gallery/gallery_filter.h"

namespace sd {

struct QueryTerm {
  std::string original;  // as typed, for messages
  std::string key;       // lower-cased field name before the colon; "" for a plain word or a quoted phrase
  std::string value;     // quotes removed
  bool exclude = false;  // a leading '-'
};

// Throws sd::Error for an unclosed quote. A term that begins with a quote
// is always a phrase, colons and all.
std::vector<QueryTerm> splitQuery(std::string_view query);

// A leading =, >, >=, < or <= taken off `value`; nullopt when none.
std::optional<Comparison> takeComparison(std::string_view& value);

// A finite number; with `whole`, a whole number ≥ 0.
double parseDecimal(std::string_view text, bool whole);
// "42" → {42, 42}; "10..20" → {10, 20}.
std::pair<uint64_t, uint64_t> parseSeedRange(std::string_view text);
// "20%" → 0.2; "0.2" → 0.2; within [-1, 1].
double parseMargin(std::string_view text);

// A local calendar day, month or year as [start, end) in Unix milliseconds:
// "2026-11-30", "2026-11", "2026", "today", "yesterday".
struct DayRange {
  int64_t startMs = 0;
  int64_t endMs = 0;
};
DayRange parseDayRange(std::string_view text, int64_t nowMs);

std::string asciiLower(std::string_view text);

}  // namespace sd
