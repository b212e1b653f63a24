#include "ui/file_actions.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFileInfo>
#include <QPushButton>
#include <QUrl>
#include <QDir>
#include <QFileDialog>
#include <QDialog>
#include <QMessageBox>
#include <QStatusBar>

#include "ui/painting/gallery_export_job.h"
#include "ui/image_settings_dialog.h"
#include "ui/main_window.h"
#include "ui/model/gallery_model.h"

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
  const GalleryModel* gallery = window.galleryModel();
  ExportDialog dialog(&window, gallery->isFiltered() ? gallery->filterQuery() : QString(), QDir(galleryFolder).dirName());
  // A failed export (a full disk, a folder it may not write) says why and
  // goes back to the dialog, its choices kept, rather than closing it.
  while (dialog.exec() == QDialog::Accepted) {
    QString error;
    if (!exportGalleryTo(window, galleryFolder, dialog.choice(), &error).isEmpty() || error.isEmpty()) return;
    QMessageBox::warning(&window, QObject::tr("Export failed"), error);
  }
}

QStringList exportGalleryTo(MainWindow& window, const QString& galleryFolder, const ExportChoice& choice,
                            QString* error) {
  window.storeScoresNow();  // the exported bars are the gallery's
  ExportOptions options;
  options.gallery = galleryFolder.toStdString();
  options.to = QDir(choice.folder).filePath(choice.name.isEmpty() ? QDir(galleryFolder).dirName() : choice.name).toStdString();
  options.force = choice.overwrite;
  options.html = choice.html;
  options.embed = choice.embed;
  options.csv = choice.csv;
  options.json = choice.json;
  options.zip = choice.zip;
  options.filter = choice.filter.toStdString();
  ContactSheetRequest sheet;
  sheet.enabled = choice.contactSheet;
  QStringList written;
  QApplication::setOverrideCursor(Qt::WaitCursor);
  try {
    for (const auto& file : runGalleryExport(options, sheet, [&window](const std::string& line) {
           window.statusBar()->showMessage(QString::fromStdString(line));
           QApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
         }))
      written << QString::fromStdString(file);
    window.statusBar()->showMessage(
        QObject::tr("Exported %1 files to %2").arg(written.size()).arg(QString::fromStdString(options.to.string())));
  } catch (const std::exception& e) {
    if (error) *error = QString::fromUtf8(e.what());
  }
  QApplication::restoreOverrideCursor();
  return written;
}

void revealInFileManager(QWidget* parent, const QString& filePath) {
  if (filePath.isEmpty()) return;
  const QString folder = QFileInfo(filePath).absolutePath();
  if (QDesktopServices::openUrl(QUrl::fromLocalFile(folder))) return;
  QMessageBox box(QMessageBox::Information, QObject::tr("Reveal file"),
                  QObject::tr("No file manager could open the folder. The image is at:"), QMessageBox::Close, parent);
  box.setObjectName("revealFallback");
  box.setInformativeText(QDir::toNativeSeparators(filePath));
  box.setTextInteractionFlags(Qt::TextSelectableByMouse);
  QPushButton* copy = box.addButton(QObject::tr("Copy path"), QMessageBox::AcceptRole);
  copy->setObjectName("copyPath");
  box.exec();
  if (box.clickedButton() == copy) QGuiApplication::clipboard()->setText(QDir::toNativeSeparators(filePath));
}

}  // namespace sd::ui
