// Our own JSON: the "sdstudio" chunk of every image (recipe_json.h) and the
// gallery.json next to them (gallery_index.h), which also re-serialises
// what it read. Both may only throw sd::Error.
#include <cstdint>
#include <string_view>

#include "core/gallery/gallery_index.h"
#include "core/metadata/recipe_json.h"
#include "core/util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    sd::formatRecipeJson(sd::parseRecipeJson(text));
  } catch (const sd::Error&) {
  }
  try {
    std::vector<std::string> warnings;
    sd::formatGalleryIndex(sd::parseGalleryIndex(text, "gallery.json", &warnings));
  } catch (const sd::Error&) {
  }
  return 0;
}
