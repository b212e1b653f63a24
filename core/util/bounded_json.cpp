#include "core/util/bounded_json.h"

#include "core/util/error.h"

namespace sd {

bool jsonDepthWithin(std::string_view text, int maxDepth) {
  int depth = 0;
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      if (c == '\\') ++i;
      else if (c == '"') inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > maxDepth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

nlohmann::json tryParseBoundedJson(std::string_view text, const JsonLimits& limits, std::string* why,
                                   const nlohmann::json::parser_callback_t& callback) {
  const auto refuse = [&](const std::string& reason) {
    if (why) *why = reason;
    return nlohmann::json(nlohmann::json::value_t::discarded);
  };
  if (text.size() > limits.maxBytes)
    return refuse("JSON of " + std::to_string(text.size()) + " bytes is over the " + std::to_string(limits.maxBytes) +
                  "-byte limit");
  if (!jsonDepthWithin(text, limits.maxDepth))
    return refuse("JSON nests deeper than the limit of " + std::to_string(limits.maxDepth) + " levels");
  try {
    return nlohmann::json::parse(text.begin(), text.end(), callback);
  } catch (const nlohmann::json::exception& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 2: …": keep what follows the id.
    const std::string message = e.what();
    const auto start = message.find("] ");
    return refuse("not valid JSON: " + (start == std::string::npos ? message : message.substr(start + 2)));
  }
}

nlohmann::json parseBoundedJson(std::string_view text, const std::string& what, const JsonLimits& limits) {
  return parseBoundedJson(text, what, limits, nullptr);
}

nlohmann::json parseBoundedJson(std::string_view text, const std::string& what, const JsonLimits& limits,
                                const nlohmann::json::parser_callback_t& callback) {
  std::string why;
  auto json = tryParseBoundedJson(text, limits, &why, callback);
  if (json.is_discarded()) throw Error(what + ": " + why);
  return json;
}

}  // namespace sd
