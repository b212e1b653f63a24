#include "core/gallery/gallery_index.h"

#include <type_traits>

#include <nlohmann/json.hpp>

#include "core/metadata/recipe_json.h"
#include "core/util/bounded_json.h"
#include "core/util/error.h"
#include "core/util/safe_file_name.h"

namespace sd {

namespace {

constexpr int kSchema = 1;

}  // namespace

std::string formatGalleryIndex(const std::vector<GalleryEntry>& entries) {
  nlohmann::ordered_json j;
  j["schema"] = kSchema;
  j["generator"] = "SD Studio";
  auto& images = j["images"] = nlohmann::ordered_json::array();
  for (const auto& e : entries) {
    nlohmann::ordered_json item;
    item["file"] = e.fileName;
    item["added_at_ms"] = e.addedAtMs;
    item["has_settings"] = e.hasSettings;
    item["recipe"] = nlohmann::ordered_json::parse(formatRecipeJson(e.recipe));
    images.push_back(std::move(item));
  }
  return j.dump(1, '\t', false, nlohmann::json::error_handler_t::replace) + "\n";
}

namespace {

// gallery.json is rewritten by us but lives in a folder anyone may hand
// over: its size and depth are bounded like any file's (a recipe nested
// 100,000 deep crashed `export` in nlohmann's recursive dump), and a
// member of the wrong type is that entry's problem, not the gallery's.
constexpr JsonLimits kIndexLimits{512u << 20, 32};
// Values in one entry: a recipe holds a few thousand (a 768-float embedding,
// a probability per comparison prompt); more is not ours, and is dropped as
// it is parsed so that one huge entry cannot cost gigabytes of DOM.
constexpr std::size_t kMaxValuesPerEntry = 200'000;

template <typename T>
T member(const nlohmann::json& item, const char* key, T fallback) {
  const auto it = item.find(key);
  if (it == item.end()) return fallback;
  if constexpr (std::is_same_v<T, bool>) return it->is_boolean() ? it->template get<bool>() : fallback;
  else return it->is_number_integer() ? it->template get<T>() : fallback;
}

// One entry of "images", taken as the parser finishes it; false when it is
// left out (not an object, no safe file name, a recipe that does not parse).
bool takeEntry(const nlohmann::json& item, const std::filesystem::path& shownAs, std::vector<GalleryEntry>& entries,
               std::vector<std::string>* warnings) {
  if (!item.is_object() || !item.contains("file") || !item["file"].is_string()) return false;
  GalleryEntry e;
  e.fileName = item["file"].get<std::string>();
  if (!isSafeFileName(e.fileName)) return false;
  e.addedAtMs = member<int64_t>(item, "added_at_ms", 0);
  e.hasSettings = member<bool>(item, "has_settings", true);
  try {
    if (item.contains("recipe")) e.recipe = parseRecipeJson(item["recipe"].dump());
  } catch (const Error& error) {
    // Left out of the index: the PNG's own metadata is read instead.
    if (warnings) warnings->push_back(shownAs.string() + ": entry " + e.fileName + ": " + error.what());
    return false;
  }
  entries.push_back(std::move(e));
  return true;
}

}  // namespace

std::vector<GalleryEntry> parseGalleryIndex(std::string_view text, const std::filesystem::path& shownAs,
                                            std::vector<std::string>* warnings) {
  // A stream, not a DOM: each entry of the top-level "images" array is
  // converted when the parser closes it, then dropped from the tree.
  std::vector<GalleryEntry> entries;
  std::string keyAtTop;
  bool sawImages = false;
  std::size_t entryNumber = 0, valuesInEntry = 0;
  const auto onEvent = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    if (depth == 1 && event == Event::key) keyAtTop = parsed.get<std::string>();
    if (depth == 1 && event == Event::array_start && keyAtTop == "images") sawImages = true;
    if (depth < 2 || keyAtTop != "images") return true;
    const bool ends = event == Event::object_end || event == Event::value || event == Event::array_end;
    if (depth > 2) return !ends || ++valuesInEntry <= kMaxValuesPerEntry;  // past the cap: dropped as parsed
    if (!ends) return true;  // an entry begins
    ++entryNumber;
    if (valuesInEntry > kMaxValuesPerEntry) {
      if (warnings)
        warnings->push_back(shownAs.string() + ": entry " + std::to_string(entryNumber) + " holds more than " +
                            std::to_string(kMaxValuesPerEntry) + " values; left out (its PNG is read instead)");
    } else {
      takeEntry(parsed, shownAs, entries, warnings);
    }
    valuesInEntry = 0;
    return false;  // never kept in the tree
  };
  const auto j = parseBoundedJson(text, shownAs.string(), kIndexLimits, onEvent);
  if (!j.is_object() || !sawImages || !j.contains("images") || !j["images"].is_array())
    throw Error(shownAs.string() + " is not a gallery index (expected a JSON object with an \"images\" array)");
  if (j.contains("schema") && !j["schema"].is_number_integer())
    throw Error(shownAs.string() + ": \"schema\" is not a version number");
  const auto schema = member<int64_t>(j, "schema", kSchema);
  if (schema > kSchema)
    throw Error(shownAs.string() + " has gallery index schema " + std::to_string(schema) +
                ", newer than this build reads (" + std::to_string(kSchema) + ")");
  return entries;
}

}  // namespace sd
