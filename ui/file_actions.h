#pragma once
// The File menu's image and gallery actions: open (or drop) any PNG, JPEG
// or WebP to see how it was made and restore its settings; export the gallery.
#include <QString>

class QWidget;

namespace sd {
struct GenerationRequest;
}

namespace sd::ui {

class MainWindow;

// Shows the settings of `imagePath` (ours, A1111's, sd.cpp's, ComfyUI's,
// InvokeAI's, NovelAI's, Fooocus'); "Use these settings" restores them into
// the window's panels.
void showImageSettings(MainWindow& window, const QString& imagePath);
// The file kinds core's settings reader opens, by name (.png, .jpg, .jpeg,
// .jfif, .webp): what the window accepts when files are dropped on it.
bool isSettingsImage(const QString& path);
// Asks for an image, then showImageSettings.
void openImageSettings(MainWindow& window);
// Asks for a target folder and exports the current gallery folder there
// (images, HTML, CSV, JSON, contact sheet), reporting in the status bar.
void exportGallery(MainWindow& window, const QString& galleryFolder);

}  // namespace sd::ui
