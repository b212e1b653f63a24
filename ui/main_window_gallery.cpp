// MainWindow's galleries on disk: where new images go and which gallery is
// shown and exported (one folder per day, core/gallery/gallery_paths.h).
#include <filesystem>

#include <QDir>
#include <QStatusBar>

#include "core/gallery/gallery_paths.h"
#include "core/gallery/gallery_store.h"
#include "ui/gallery_items.h"
#include "ui/main_window.h"
#include "ui/model/gallery_model.h"

namespace sd::ui {

namespace {

// Galleries are one folder per day (core/gallery/gallery_paths.h): new images
// go to today's, the window opens on the newest. "" without a home folder.
QString galleryDir(bool newest) {
  try {
    const auto root = defaultGalleriesRoot();
    return QString::fromStdString((newest ? newestGallery(root) : todaysGallery(root)).string());
  } catch (const std::exception&) {
    return {};
  }
}

// Ids of reopened images start far above the worker's counter, so the two
// never collide within a session.
constexpr quint64 kReopenedIdBase = quint64{1} << 40;

}  // namespace

QString MainWindow::outputDir() const {
  // Asked per image batch, so a window left open past midnight starts the new day's folder.
  return m_outputDirSet ? m_outputDir : galleryDir(false);
}

// Today's gallery once it has an image, else the one reopened on start.
QString MainWindow::galleryShown() const { return QDir(outputDir()).exists() ? outputDir() : m_reopenedDir; }

void MainWindow::reopenGallery() {
  const QString folderName = m_outputDirSet ? m_outputDir : galleryDir(true);
  if (folderName.isEmpty() || !QDir(folderName).exists()) return;
  m_reopenedDir = folderName;
  try {
    const auto folder = std::filesystem::path(folderName.toStdString());
    for (auto& item : galleryItemsFrom(loadGallery(folder).entries, folder, kReopenedIdBase))
      m_galleryModel->append(std::move(item));
  } catch (const std::exception& e) {
    statusBar()->showMessage(tr("Could not reopen the gallery: %1").arg(QString::fromUtf8(e.what())));
  }
}

}  // namespace sd::ui
