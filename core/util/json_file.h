#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace sd {

// Reads and parses a JSON file; errors name the file and the parse position.
nlohmann::json readJsonFile(const std::filesystem::path& path);

// Typed field access with defaults; a present field of the wrong type is an
// error naming the file and key (a config with "layers_per_block": "two" must
// not silently become the default).
template <typename T>
T jsonValue(const nlohmann::json& object, const char* key, const T& fallback,
            const std::filesystem::path& origin);

}  // namespace sd
