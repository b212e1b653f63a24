#pragma once
// A contact sheet: a gallery as one PNG grid, each cell the image, its
// prompt, seed and settings, and the CLIP bars painted by ProbabilityBars —
// the very routine the gallery view uses, so the sheet matches the screen.
// QtGui only (QPainter on a QImage): works headless with the offscreen
// platform, as sdstudio-cli export --contact-sheet runs it.
#include <QImage>
#include <QString>
#include <QVector>
#include <filesystem>

#include "core/gallery/gallery_index.h"
#include "ui/painting/probability_bars.h"

namespace sd::ui {

struct ContactSheetItem {
  QImage image;
  QString prompt;
  QString details;  // "seed 42 · 25 steps · DPM++ 2M Karras · CFG 7.5"
  QVector<BarRow> bars;
};

struct ContactSheetOptions {
  QString title;
  int columns = 4;
  int thumbnailWidth = 256;
  int padding = 12;
};

// The item for a gallery image read from `file` (a placeholder when it does
// not decode).
ContactSheetItem contactSheetItem(const GalleryEntry& entry, const std::filesystem::path& file);
QImage renderContactSheet(const QVector<ContactSheetItem>& items, const ContactSheetOptions& options = {});

}  // namespace sd::ui
