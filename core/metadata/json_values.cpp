#include "core/metadata/json_values.h"

#include "core/metadata/text_values.h"
#include "core/util/bounded_json.h"


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
// Text chunks are already capped in size by their readers.
constexpr JsonLimits kLimits{64u << 20, 256};

}  // namespace

bool jsonNestingOk(std::string_view text) { return jsonDepthWithin(text, kLimits.maxDepth); }

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

Json parseJsonObject(std::string_view text, std::string* why) {
  Json j = tryParseBoundedJson(text, kLimits, why);
  if (j.is_object() || j.is_discarded()) return j;
  if (why) *why = "JSON is not an object";
  return Json(Json::value_t::discarded);
}

std::vector<std::pair<std::string, std::string>> jsonFields(const Json& object) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!object.is_object()) return out;
  for (const auto& [k, v] : object.items()) out.emplace_back(k, jsonText(v));
  return out;
}

}  // namespace sd
