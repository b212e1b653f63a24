#pragma once
// Deleting a gallery image for good: asked first (unless the user ticked
// "Don't ask again"), then its entry leaves the gallery index and its file
// goes to the desktop's trash, or is deleted where there is no trash. A
// delete that only hid the image brought it back on the next start.
#include <QString>

class QWidget;

namespace sd::ui {

class GalleryFiles;
struct GalleryItem;

struct Deletion {
  bool done = false;  // false: the user said no, or the file could not go
  QString message;    // for the status bar
};

// Settings key of "Don't ask again" (true = ask).
inline constexpr const char* kConfirmDeleteKey = "gallery/confirmDelete";

Deletion deleteGalleryImage(QWidget* parent, GalleryFiles& files, const GalleryItem& item);

}  // namespace sd::ui
