#pragma once
// Reopening a gallery in the window: the entries of a gallery folder
// (core/gallery) as the GalleryItems the gallery model shows, settings,
// embedding and all, so a restarted studio gets its images and bars back.
#include <QVector>
#include <filesystem>

#include "core/gallery/gallery_store.h"
#include "ui/studio_types.h"

namespace sd::ui {

// Loads each image from `folder`, each with a new id (newGalleryItemId).
// Entries whose PNG no longer decodes are skipped.
QVector<GalleryItem> galleryItemsFrom(const std::vector<GalleryEntry>& entries, const std::filesystem::path& folder);

}  // namespace sd::ui
