#pragma once
// Reading values out of other tools' JSON metadata, which spell the same
// setting as a number in one version and a string in the next (Fooocus'
// seed is "6952411511246973023"). Never throws.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace sd {

using Json = nlohmann::json;

// A string as it is, anything else as compact JSON; "" for null/absent.
std::string jsonText(const Json& value);
// The member as a number (a JSON number or a string holding one); false
// when absent or not numeric, leaving `out` alone.
bool jsonNumber(const Json& object, std::string_view key, std::uint64_t& out);
bool jsonNumber(const Json& object, std::string_view key, int& out);
bool jsonNumber(const Json& object, std::string_view key, double& out);
std::string jsonString(const Json& object, std::string_view key);  // "" when absent
// False when `text` nests arrays/objects deeper than we parse (256):
// nlohmann dumps and compares recursively, so such text is refused unparsed.
bool jsonNestingOk(std::string_view text);
// Parses `text` when it is a JSON object within that depth; a discarded
// value otherwise, with the reason (the limit passed, the parse error) in
// `why` when given.
Json parseJsonObject(std::string_view text, std::string* why = nullptr);
// Every member of `object` as key → jsonText, in the file's order when the
// object was parsed as ordered (else sorted).
std::vector<std::pair<std::string, std::string>> jsonFields(const Json& object);

}  // namespace sd
