#pragma once
// Keeps the CLIP scores stored in each image's file equal to the bars the
// gallery draws for it. The bars follow the comparison set (with the set
// empty: the gallery's latest prompts), so they change after the image was
// saved; exports, the settings dialog and `sdstudio-cli info` read the file,
// and must show what the gallery shows. Changes are collected a moment after
// the bars settle and written off the GUI thread, text chunks only.
#include <QFutureWatcher>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <memory>

#include "ui/gallery_files.h"

namespace sd::ui {

class ComparisonSet;
class GalleryModel;

class ScoreKeeper : public QObject {
  Q_OBJECT
 public:
  ScoreKeeper(GalleryModel* gallery, ComparisonSet* set, std::shared_ptr<GalleryFiles> files,
              QObject* parent = nullptr);
  ~ScoreKeeper() override;

  // Writes every pending change before returning (export, quit).
  void flush();
  // The images whose files do not hold their bars yet.
  QVector<StoredScores> pendingChanges() const;

 Q_SIGNALS:
  void failed(const QString& message);

 private:
  void writeInBackground();
  void markStored(const QVector<StoredScores>& written, const QStringList& errors);

  GalleryModel* m_gallery;
  ComparisonSet* m_set;
  std::shared_ptr<GalleryFiles> m_files;
  QTimer m_settle;
  QFutureWatcher<QStringList> m_writing;
  QVector<StoredScores> m_inFlight;
};

}  // namespace sd::ui
