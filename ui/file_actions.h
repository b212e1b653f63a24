#pragma once
// The File menu's image and gallery actions: open (or drop) any PNG, JPEG
// or WebP to see how it was made and restore its settings; export the gallery.
#include <QString>

#include "ui/export_dialog.h"

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
// Asks where to and what (ExportDialog), then exportGalleryTo.
void exportGallery(MainWindow& window, const QString& galleryFolder);
// Exports `galleryFolder` into <choice.folder>/<its name> once the files
// hold the gallery's bars (MainWindow::storeScoresNow), reporting in the
// status bar. Returns the files written; on failure, "" and `error`.
QStringList exportGalleryTo(MainWindow& window, const QString& galleryFolder, const ExportChoice& choice,
                            QString* error = nullptr);
// Opens the folder holding `filePath` in the file manager (xdg-open on
// Linux); where none answers — xdg-open missing or failing because no
// program opens folders — says so and offers to copy the path. Returns at
// once; the answer comes when xdg-open has exited.
void revealInFileManager(QWidget* parent, const QString& filePath);

}  // namespace sd::ui
