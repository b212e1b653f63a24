#pragma once
// A gallery on disk: a folder of PNGs (each carrying its full recipe) plus
// gallery.json. Every image is written atomically the moment it exists and
// the index right after it, so killing the process at any instant loses no
// finished image: on reopen, PNGs the index missed are read back from their
// own metadata, and temporaries of an interrupted write are discarded.
// Not thread-safe: one writer (the inference worker) owns a store.
#include <filesystem>
#include <string>
#include <vector>

#include "core/gallery/gallery_index.h"
#include "core/image/rgb_image.h"

namespace sd {

struct GalleryScan {
  std::vector<GalleryEntry> entries;
  bool indexFound = false;
  int fromIndex = 0;   // index entries whose PNG is there
  int recovered = 0;   // PNGs the index did not list, read from their metadata
  int missing = 0;     // index entries whose PNG is gone
  int unreadable = 0;  // PNG files that do not decode (skipped)
  int temporaries = 0; // leftovers of interrupted atomic writes (never counted as images)
  std::vector<std::string> warnings;  // each names the file
};

// Read-only: the index reconciled with the folder. A folder without an
// index (sdstudio-cli generate, A1111 outputs) is read from its PNGs alone.
// Throws sd::Error when `folder` is not a readable folder.
GalleryScan loadGallery(const std::filesystem::path& folder);
// The same, ignoring gallery.json entirely: every PNG in name order.
GalleryScan rebuildFromPngs(const std::filesystem::path& folder);

class GalleryStore {
 public:
  // Creates the folder if needed, loads it, deletes temporaries left by a
  // killed writer and rewrites the index when it disagreed with the folder
  // (when that write fails — a full disk, a read-only folder — the gallery
  // still opens, with a warning in openReport()).
  explicit GalleryStore(std::filesystem::path folder);

  const std::filesystem::path& folder() const { return m_folder; }
  const std::vector<GalleryEntry>& entries() const { return m_entries; }
  const GalleryScan& openReport() const { return m_openReport; }
  std::filesystem::path pathOf(const GalleryEntry& entry) const { return m_folder / entry.fileName; }

  // Writes the PNG ("parameters" infotext + "sdstudio" JSON) atomically, then
  // the index. The name is "<counter>-s<seed>-<prompt>.png", made safe.
  const GalleryEntry& add(const RgbImage& image, const ImageRecipe& recipe);
  // Forgets an image and deletes its file; false when it is not in the gallery.
  bool remove(const std::string& fileName);
  // Forgets an image but leaves its file to the caller (the studio moves it
  // to the desktop's trash); false when it is not in the gallery.
  bool forget(const std::string& fileName);
  const GalleryEntry* find(const std::string& fileName) const;
  // Replaces an image's recipe in its PNG (text chunks only, pixels kept) and
  // in memory; the index is left to writeIndex(), so a batch writes it once.
  // False when the image is not in the gallery.
  bool setRecipe(const std::string& fileName, const ImageRecipe& recipe);
  // Rewrites gallery.json from entries() (atomically).
  void writeIndex() const;

 private:
  std::string nextFileName(const ImageRecipe& recipe);
  std::vector<GalleryEntry>::iterator entryNamed(const std::string& fileName);

  std::filesystem::path m_folder;
  std::vector<GalleryEntry> m_entries;
  GalleryScan m_openReport;
  int m_counter = 0;
};

}  // namespace sd
