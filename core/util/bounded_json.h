#pragma once
// JSON from files we did not write (model configs, PNG text chunks,
// gallery.json) is measured before it is parsed. nlohmann parses
// iteratively but dumps, compares and copies recursively, so nesting of
// attacker-chosen depth would overflow the stack later, far from the file
// it came from; and text size is memory (a DOM costs several times its text).
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sd {

struct JsonLimits {
  std::size_t maxBytes = 64u << 20;
  int maxDepth = 64;  // arrays and objects; every format we read needs < 10
};

// True when no array/object in `text` nests deeper than `maxDepth` (strings
// and their escapes are skipped; malformed text is left to the parser).
// Linear, no allocation.
bool jsonDepthWithin(std::string_view text, int maxDepth);

// Parses `text` within `limits`; throws sd::Error("<what>: …") naming the
// limit that was passed, or the parser's complaint.
nlohmann::json parseBoundedJson(std::string_view text, const std::string& what, const JsonLimits& limits = {});

// The same without throwing: a discarded value, with the reason in `why`
// (when given).
nlohmann::json tryParseBoundedJson(std::string_view text, const JsonLimits& limits, std::string* why = nullptr,
                                   const nlohmann::json::parser_callback_t& callback = nullptr);

// The same with nlohmann's parser callback, for reading a large file as a
// stream: values the callback returns false for are never kept in the DOM
// (gallery.json's entries are taken one at a time, so a 48 MB index no
// longer costs 1.7 GB).
nlohmann::json parseBoundedJson(std::string_view text, const std::string& what, const JsonLimits& limits,
                                const nlohmann::json::parser_callback_t& callback);

}  // namespace sd
