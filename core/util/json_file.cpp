#include "core/util/json_file.h"

#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/bounded_json.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_number.h"

namespace sd {

nlohmann::json readJsonFile(const std::filesystem::path& path) {
  // Configs and vocabularies of model folders come from strangers too; the
  // largest we read (CLIP's vocab.json) is about 1 MB.
  const JsonLimits limits{64u << 20, 64};
  return parseBoundedJson(readTextFile(path, limits.maxBytes), path.string(), limits);
}

template <typename T>
T jsonValue(const nlohmann::json& object, const char* key, const T& fallback,
            const std::filesystem::path& origin) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  try {
    return checkedGet<T>(*it);
  } catch (const nlohmann::json::exception&) {
    throw Error(origin.string() + ": \"" + key + "\" has the wrong type (" + it->dump() + ")");
  }
}

template int jsonValue<int>(const nlohmann::json&, const char*, const int&, const std::filesystem::path&);
template int64_t jsonValue<int64_t>(const nlohmann::json&, const char*, const int64_t&, const std::filesystem::path&);
template double jsonValue<double>(const nlohmann::json&, const char*, const double&, const std::filesystem::path&);
template bool jsonValue<bool>(const nlohmann::json&, const char*, const bool&, const std::filesystem::path&);
template std::string jsonValue<std::string>(const nlohmann::json&, const char*, const std::string&,
                                            const std::filesystem::path&);
template std::vector<int> jsonValue<std::vector<int>>(const nlohmann::json&, const char*, const std::vector<int>&,
                                                      const std::filesystem::path&);
template std::vector<double> jsonValue<std::vector<double>>(const nlohmann::json&, const char*,
                                                            const std::vector<double>&, const std::filesystem::path&);
template std::vector<std::string> jsonValue<std::vector<std::string>>(const nlohmann::json&, const char*,
                                                                      const std::vector<std::string>&,
                                                                      const std::filesystem::path&);

}  // namespace sd
