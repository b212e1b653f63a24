// MainWindow's galleries on disk: where new images go and which gallery is
// shown and exported (one folder per day, core/gallery/gallery_paths.h).
#include <filesystem>

#include <QDir>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
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

}  // namespace

QString MainWindow::outputDir() const {
  // Asked per image batch, so a window left open past midnight starts the new day's folder.
  return m_outputDirSet ? m_outputDir : galleryDir(false);
}

// Today's gallery once it has an image, else the one reopened on start.
QString MainWindow::galleryShown() const { return QDir(outputDir()).exists() ? outputDir() : m_reopenedDir; }

void MainWindow::reopenGallery() {
  const QString folderName = m_outputDirSet ? m_outputDir : galleryDir(true);
  if (folderName.isEmpty() || !QDir(folderName).exists()) {
    Q_EMIT galleryReopened(0);
    return;
  }
  m_reopenedDir = folderName;
  ++m_galleriesOpening;
  statusBar()->showMessage(tr("Opening the gallery %1…").arg(QDir::toNativeSeparators(folderName)));
  // Reading thousands of PNGs takes seconds: off the GUI thread, so the
  // window draws and answers while the gallery fills in.
  struct Reopened {
    QVector<GalleryItem> items;
    QString error;
  };
  const auto folder = std::filesystem::path(folderName.toStdString());
  auto* watcher = new QFutureWatcher<Reopened>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
    const Reopened reopened = watcher->result();
    watcher->deleteLater();
    --m_galleriesOpening;
    for (const GalleryItem& item : reopened.items) m_galleryModel->append(item);
    if (!reopened.error.isEmpty())
      statusBar()->showMessage(tr("Could not reopen the gallery: %1").arg(reopened.error));
    else
      statusBar()->showMessage(tr("%n image(s) in the gallery", nullptr, int(reopened.items.size())), 5000);
    Q_EMIT galleryReopened(int(reopened.items.size()));
  });
  watcher->setFuture(QtConcurrent::run([folder] {
    Reopened reopened;
    try {
      reopened.items = galleryItemsFrom(loadGallery(folder).entries, folder);
    } catch (const std::exception& e) {
      reopened.error = QString::fromUtf8(e.what());
    }
    return reopened;
  }));
}

}  // namespace sd::ui
