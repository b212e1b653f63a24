#include "core/metadata/json_values.h"

#include "core/metadata/text_values.h"


namespace sd {

namespace {

const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(std::string(key));
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

template <typename T>
bool number(const Json& object, std::string_view key, T& out) {
  const Json* v = member(object, key);
  if (!v) return false;
  if (v->is_string()) return parseNumber(v->get<std::string>(), out);
  if constexpr (std::is_floating_point_v<T>) {
    if (!v->is_number()) return false;
  } else {
    // Integers only: a fractional or negative seed is not a seed.
    if (!v->is_number_integer() || (v->is_number_integer() && !v->is_number_unsigned() && v->get<long long>() < 0))
      return false;
  }
  out = v->get<T>();
  return true;
}

// nlohmann parses iteratively but dumps and compares recursively: a hostile
// file nested a million arrays deep must be refused before it is parsed.
constexpr int kMaxDepth = 256;

bool nestingWithin(std::string_view text, int limit) {
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
      if (++depth > limit) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

}  // namespace

bool jsonNestingOk(std::string_view text) { return nestingWithin(text, kMaxDepth); }

std::string jsonText(const Json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool jsonNumber(const Json& object, std::string_view key, std::uint64_t& out) { return number(object, key, out); }
bool jsonNumber(const Json& object, std::string_view key, int& out) { return number(object, key, out); }
bool jsonNumber(const Json& object, std::string_view key, double& out) { return number(object, key, out); }

std::string jsonString(const Json& object, std::string_view key) {
  const Json* v = member(object, key);
  return v ? jsonText(*v) : "";
}

Json parseJsonObject(std::string_view text) {
  if (!jsonNestingOk(text)) return Json(Json::value_t::discarded);
  Json j = Json::parse(text.begin(), text.end(), nullptr, false);
  return j.is_object() ? j : Json(Json::value_t::discarded);
}

std::vector<std::pair<std::string, std::string>> jsonFields(const Json& object) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!object.is_object()) return out;
  for (const auto& [k, v] : object.items()) out.emplace_back(k, jsonText(v));
  return out;
}

}  // namespace sd
