#include "ui/file_actions.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QMessageBox>
#include <QStatusBar>

#include "ui/gallery_export_job.h"
#include "ui/image_settings_dialog.h"
#include "ui/main_window.h"

namespace sd::ui {

void showImageSettings(MainWindow& window, const QString& imagePath) {
  auto* dialog = new ImageSettingsDialog(imagePath, &window);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  QObject::connect(dialog, &ImageSettingsDialog::useSettings, &window,
                   [&window](const GenerationRequest& request) { window.applyRequest(request); });
  dialog->show();
}

bool isSettingsImage(const QString& path) {
  for (const char* suffix : {".png", ".jpg", ".jpeg", ".jfif", ".webp"})
    if (path.endsWith(QLatin1String(suffix), Qt::CaseInsensitive)) return true;
  return false;
}

void openImageSettings(MainWindow& window) {
  const QString path = QFileDialog::getOpenFileName(&window, QObject::tr("Open an image to read its settings"), {},
                                                    QObject::tr("Images (*.png *.jpg *.jpeg *.jfif *.webp)"));
  if (!path.isEmpty()) showImageSettings(window, path);
}

void exportGallery(MainWindow& window, const QString& galleryFolder) {
  const QString target = QFileDialog::getExistingDirectory(&window, QObject::tr("Export the gallery to…"));
  if (target.isEmpty()) return;
  ExportOptions options;
  options.gallery = galleryFolder.toStdString();
  options.to = (QDir(target).filePath(QDir(galleryFolder).dirName())).toStdString();
  options.html = options.csv = options.json = true;
  ContactSheetRequest sheet;
  sheet.enabled = true;
  QApplication::setOverrideCursor(Qt::WaitCursor);
  try {
    const auto files = runGalleryExport(options, sheet, [&window](const std::string& line) {
      window.statusBar()->showMessage(QString::fromStdString(line));
      QApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
    });
    window.statusBar()->showMessage(
        QObject::tr("Exported %1 files to %2").arg(files.size()).arg(QString::fromStdString(options.to.string())));
  } catch (const std::exception& e) {
    QMessageBox::warning(&window, QObject::tr("Export failed"), QString::fromUtf8(e.what()));
  }
  QApplication::restoreOverrideCursor();
}

}  // namespace sd::ui
