#include "core/gallery/gallery_index.h"

#include <nlohmann/json.hpp>

#include "core/metadata/recipe_json.h"
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

std::vector<GalleryEntry> parseGalleryIndex(std::string_view text, const std::filesystem::path& shownAs) {
  const auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("images") || !j["images"].is_array())
    throw Error(shownAs.string() + " is not a gallery index (expected a JSON object with an \"images\" array)");
  if (j.value("schema", kSchema) > kSchema)
    throw Error(shownAs.string() + " has gallery index schema " + std::to_string(j.value("schema", kSchema)) +
                ", newer than this build reads (" + std::to_string(kSchema) + ")");
  std::vector<GalleryEntry> entries;
  for (const auto& item : j["images"]) {
    if (!item.is_object() || !item.contains("file") || !item["file"].is_string()) continue;
    GalleryEntry e;
    e.fileName = item["file"].get<std::string>();
    if (!isSafeFileName(e.fileName)) continue;
    e.addedAtMs = item.value("added_at_ms", int64_t{0});
    e.hasSettings = item.value("has_settings", true);
    try {
      if (item.contains("recipe")) e.recipe = parseRecipeJson(item["recipe"].dump());
    } catch (const Error& error) {
      throw Error(shownAs.string() + ": entry " + e.fileName + ": " + error.what());
    }
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace sd
