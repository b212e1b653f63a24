#include "ui/file_actions.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFileInfo>
#include <QPointer>
#include <QProcess>
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
  GenerationRequest base = window.currentRequest();
  base.initImage.reset();
  base.mask.reset();
  dialog->setBaseRequest(base);
  QObject::connect(dialog, &ImageSettingsDialog::useSettings, &window,
                   [&window](const GenerationRequest& request, const QStringList& notRestored, bool fromImage) {
                     window.applyRequest(request, notRestored, fromImage);
                   });
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

namespace {

// Opened, not exec'd: it comes from xdg-open's answer, whenever that is,
// and must not stack an event loop under whatever runs then.
void offerThePath(QWidget* parent, const QString& filePath) {
  auto* box = new QMessageBox(QMessageBox::Information, QObject::tr("Reveal file"),
                              QObject::tr("No file manager could open the folder. The image is at:"),
                              QMessageBox::Close, parent);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setObjectName("revealFallback");
  box->setInformativeText(QDir::toNativeSeparators(filePath));
  box->setTextInteractionFlags(Qt::TextSelectableByMouse);
  QPushButton* copy = box->addButton(QObject::tr("Copy path"), QMessageBox::AcceptRole);
  copy->setObjectName("copyPath");
  QObject::connect(copy, &QPushButton::clicked, box, [filePath] {
    QGuiApplication::clipboard()->setText(QDir::toNativeSeparators(filePath));
  });
  box->open();
}

}  // namespace

void revealInFileManager(QWidget* parent, const QString& filePath) {
  if (filePath.isEmpty()) return;
  const QString folder = QFileInfo(filePath).absolutePath();
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
  // QDesktopServices only knows that xdg-open started; where no program
  // opens folders xdg-open then fails (exit 3 or 4) and nothing shows. So
  // it is run here and its answer awaited, off the GUI thread's back. No
  // parent: a file manager it started in the foreground outlives the window.
  auto* opener = new QProcess;
  QPointer<QWidget> owner = parent;
  const auto fail = [opener, owner, parent, filePath] {
    opener->deleteLater();
    if (owner || !parent) offerThePath(owner, filePath);
  };
  QObject::connect(opener, &QProcess::finished, opener, [opener, fail](int code, QProcess::ExitStatus status) {
    if (status == QProcess::NormalExit && code == 0) opener->deleteLater();
    else fail();
  });
  QObject::connect(opener, &QProcess::errorOccurred, opener, [fail](QProcess::ProcessError error) {
    if (error == QProcess::FailedToStart) fail();
  });
  opener->setProcessChannelMode(QProcess::ForwardedChannels);
  opener->start(QStringLiteral("xdg-open"), {folder});
#else
  if (!QDesktopServices::openUrl(QUrl::fromLocalFile(folder))) offerThePath(parent, filePath);
#endif
}

}  // namespace sd::ui
