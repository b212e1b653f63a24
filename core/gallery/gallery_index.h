#pragma once
// The gallery index (gallery.json): the images of a gallery folder in their
// order, each with its recipe, so reopening a gallery does not decode every
// PNG. The PNGs stay the source of truth: the index can always be rebuilt
// from them (gallery_store.h).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/metadata/image_recipe.h"

namespace sd {

struct GalleryEntry {
  std::string fileName;     // a plain file name inside the gallery folder
  ImageRecipe recipe;
  bool hasSettings = true;  // false: a PNG without generation metadata
  int64_t addedAtMs = 0;    // Unix time in milliseconds (0: unknown)
};

inline constexpr const char* kGalleryIndexName = "gallery.json";

std::string formatGalleryIndex(const std::vector<GalleryEntry>& entries);
// Throws sd::Error naming `shownAs` when the JSON is broken, over the size
// or nesting limits, or of a newer schema. Entries whose file name is not a
// safe plain name are dropped (an index must not point outside its folder);
// so are entries whose recipe cannot be read, each with a warning (the PNG
// still holds its recipe).
std::vector<GalleryEntry> parseGalleryIndex(std::string_view json, const std::filesystem::path& shownAs,
                                            std::vector<std::string>* warnings = nullptr);

}  // namespace sd
