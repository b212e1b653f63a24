// KnownModels::parse: known_models.json read strictly — unknown keys, unsafe
// file paths, bad sizes, hashes or URLs are errors naming the model and file,
// because the installer writes files at these paths and trusts these checks.
#include <algorithm>
#include <initializer_list>

#include <nlohmann/json.hpp>

#include "core/catalogue/known_models.h"
#include "core/util/error.h"

namespace sd {

using nlohmann::json;

namespace {

std::optional<uint64_t> optionalSize(const json& j, const char* key, const std::string& where) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  if (!j[key].is_number_unsigned()) throw Error(where + ": '" + key + "' must be a byte count or null");
  return j[key].get<uint64_t>();
}

std::string text(const json& j, const char* key, const std::string& where, bool required) {
  if (!j.contains(key) || j[key].is_null()) {
    if (required) throw Error(where + ": '" + key + "' is missing");
    return {};
  }
  if (!j[key].is_string()) throw Error(where + ": '" + key + "' must be a string");
  return j[key].get<std::string>();
}

// Strict: a misspelt key ("sha265") would otherwise silently drop a check.
void requireKnownKeys(const json& j, std::initializer_list<const char*> keys, const std::string& where) {
  for (const auto& [key, value] : j.items()) {
    if (std::none_of(keys.begin(), keys.end(), [&](const char* k) { return key == k; }))
      throw Error(where + ": unknown key '" + key + "'");
  }
}

// Files are written at these paths when a model is downloaded: only plain
// relative '/'-separated names, never "..", absolute paths or backslashes.
void requireSafePath(const std::string& path, const std::string& where) {
  bool ok = !path.empty() && path.front() != '/' && path.find('\\') == std::string::npos &&
            path.find(':') == std::string::npos && path.find('\0') == std::string::npos;
  for (std::size_t start = 0; ok && start <= path.size();) {
    const auto end = std::min(path.find('/', start), path.size());
    const auto part = path.substr(start, end - start);
    ok = !part.empty() && part != "." && part != "..";
    start = end + 1;
  }
  if (!ok) throw Error(where + ": file path '" + path + "' must be relative, '/'-separated, without '..'");
}

// http(s) and ending in '/', so base + path is the file's address.
std::string baseUrl(const json& j, const std::string& where) {
  const std::string url = text(j, "base_url", where, false);
  if (url.empty()) return url;
  const bool web = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  if (!web || url.back() != '/') throw Error(where + ": 'base_url' must be an http(s) URL ending in '/' or null");
  return url;
}

KnownModelFile parseFile(const json& j, const std::string& where) {
  if (!j.is_object()) throw Error(where + ": every entry of 'files' must be an object");
  KnownModelFile f;
  f.path = text(j, "path", where, true);
  const std::string at = where + " file '" + f.path + "'";
  requireSafePath(f.path, at);
  requireKnownKeys(j, {"path", "size", "min_size", "max_size", "tensor_bytes", "tensors", "sha256", "required"}, at);
  f.size = optionalSize(j, "size", at);
  f.minSize = optionalSize(j, "min_size", at);
  f.maxSize = optionalSize(j, "max_size", at);
  f.tensorBytes = optionalSize(j, "tensor_bytes", at);
  f.tensors = optionalSize(j, "tensors", at);
  if (f.minSize && f.maxSize && *f.minSize > *f.maxSize) throw Error(at + ": 'min_size' is above 'max_size'");
  const std::string hash = text(j, "sha256", at, false);
  if (!hash.empty()) {
    const bool hex = hash.size() == 64 && std::all_of(hash.begin(), hash.end(), [](char c) {
                       return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                     });
    if (!hex) throw Error(at + ": 'sha256' must be 64 lower-case hex digits or null");
    f.sha256 = hash;
  }
  if (j.contains("required")) f.required = j["required"].get<bool>();
  return f;
}

KnownModel parseModel(const json& j, const std::string& origin) {
  if (!j.is_object()) throw Error(origin + ": every entry of 'models' must be an object");
  KnownModel m;
  m.id = text(j, "id", origin, true);
  const std::string where = origin + " model '" + m.id + "'";
  requireKnownKeys(j, {"id", "name", "kind", "layout", "folder", "loadable", "source", "base_url", "license", "files", "comment"},
                   where);
  m.baseUrl = baseUrl(j, where);
  m.name = text(j, "name", where, true);
  m.kind = text(j, "kind", where, true);
  m.layout = text(j, "layout", where, true);
  m.folder = text(j, "folder", where, false);
  m.source = text(j, "source", where, false);
  m.license = text(j, "license", where, false);
  if (j.contains("loadable")) m.loadable = j["loadable"].get<bool>();
  if (!j.contains("files") || !j["files"].is_array() || j["files"].empty())
    throw Error(where + ": 'files' must be a non-empty list");
  for (const auto& f : j["files"]) {
    m.files.push_back(parseFile(f, where));
    for (std::size_t i = 0; i + 1 < m.files.size(); ++i)
      if (m.files[i].path == m.files.back().path) throw Error(where + ": file '" + m.files.back().path + "' is listed twice");
  }
  if (!m.folder.empty()) requireSafePath(m.folder, where + " folder");
  if (m.layout == "single-file" && m.files.size() != 1) throw Error(where + ": a single-file model lists exactly one file");
  return m;
}

}  // namespace

KnownModels KnownModels::parse(std::string_view text, const std::string& origin) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    throw Error(origin + ": not valid JSON: " + e.what());
  }
  if (!root.is_object() || root.value("format", "") != "sdstudio-known-models")
    throw Error(origin + ": not an SD Studio model manifest (\"format\": \"sdstudio-known-models\" missing)");
  if (root.value("version", 0) != 1)
    throw Error(origin + ": manifest version " + root.value("version", json(0)).dump() + " is not supported (1 is)");
  if (!root.contains("models") || !root["models"].is_array()) throw Error(origin + ": 'models' must be a list");
  requireKnownKeys(root, {"format", "version", "notes", "models"}, origin);
  KnownModels result;
  try {
    for (const auto& m : root["models"]) {
      result.m_models.push_back(parseModel(m, origin));
      if (result.find(result.m_models.back().id) != &result.m_models.back())
        throw Error(origin + ": model id '" + result.m_models.back().id + "' is listed twice");
    }
  } catch (const json::exception& e) {
    throw Error(origin + ": " + e.what());
  }
  return result;
}

}  // namespace sd
