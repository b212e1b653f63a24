#pragma once
// The whole gallery export as both the window (Export…) and sdstudio-cli
// export run it: core's files (images, HTML, CSV, JSON, zip) plus the
// contact sheet painted here. Needs a QGuiApplication when `contactSheet`;
// safe to run off the GUI thread (QPainter on a QImage).
#include <string>
#include <vector>

#include "core/export/gallery_export.h"

namespace sd::ui {

inline constexpr const char* kContactSheetName = "contact-sheet.png";

struct ContactSheetRequest {
  bool enabled = false;
  int columns = 4;
};

// Returns the files written (relative to options.to), images first. Throws
// sd::Error before writing anything when an output exists (unless force).
std::vector<std::string> runGalleryExport(const ExportOptions& options, const ContactSheetRequest& sheet,
                                          const ExportProgress& progress = {});

}  // namespace sd::ui
