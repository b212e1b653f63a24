#pragma once
// The File menu's image and gallery actions: open (or drop) any PNG to see
// how it was made and restore its settings; export the gallery.
#include <QString>

class QWidget;

namespace sd {
struct GenerationRequest;
}

namespace sd::ui {

class MainWindow;

// Shows the settings of `pngPath` (ours, A1111's, sd.cpp's, ComfyUI's);
// "Use these settings" restores them into the window's panels.
void showImageSettings(MainWindow& window, const QString& pngPath);
// Asks for a PNG, then showImageSettings.
void openImageSettings(MainWindow& window);
// Asks for a target folder and exports the current gallery folder there
// (images, HTML, CSV, JSON, contact sheet), reporting in the status bar.
void exportGallery(MainWindow& window, const QString& galleryFolder);

}  // namespace sd::ui
