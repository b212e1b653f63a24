#pragma once
// The gallery: every finished image of the session with its CLIP
// probabilities over the current comparison set (re-scored, never re-run,
// when the set changes).
#include <QAbstractListModel>
#include <QImage>
#include <QVector>
#include <functional>
#include <vector>

#include "core/gallery/gallery_filter.h"
#include "ui/model/confusion_matrix.h"
#include "ui/studio_types.h"

namespace sd::ui {

class ComparisonSet;

class GalleryModel : public QAbstractListModel {
  Q_OBJECT
 public:
  enum Role {
    ItemIdRole = Qt::UserRole + 1,
    PromptRole,          // QString: the generating prompt
    SeedRole,            // qulonglong
    ThumbnailRole,       // QImage, at most kThumbnailSize
    ImageRole,           // QImage, full size
    PromptSetRole,       // QStringList: the comparison set the bars are over
    ProbabilitiesRole,   // QVariantList of double, parallel to PromptSetRole (empty: not scored)
    OwnIndexRole,        // int: the generating prompt in the set, -1 when absent
    OwnProbabilityRole,  // double, -1 when not scored
    MarginRole,          // double: own minus best other, -2 when not scored
    FilePathRole,        // QString
    OrderRole,           // int: insertion order (newest = largest)
    CaptionRole,         // QString: "seed 42", "seed 42 · var 77 at 0.2", "seed 42 · img2img 0.5"
  };
  static constexpr int kThumbnailSize = 192;
  // The line under a thumbnail: the seed, and what tells images of one seed apart.
  static QString caption(const GalleryItem& item);

  explicit GalleryModel(ComparisonSet* set, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  void append(GalleryItem item);
  bool removeRowAt(int row);
  void clear();
  const GalleryItem& item(int row) const { return m_rows[row].item; }
  int rowOfId(quint64 id) const;
  // What the image's file holds now (ScoreKeeper wrote it); no view change.
  void setStoredScores(const QString& filePath, const QStringList& prompts, const QVector<double>& probabilities);

  QVector<double> probabilities(int row) const { return m_rows[row].probabilities; }
  int ownIndex(int row) const;
  // Distinct generating prompts, most recently used last, at most `max`.
  QStringList recentPrompts(int max) const;
  ConfusionMatrix confusion() const;  // over the rows the filter keeps

  // The gallery filter (core/gallery/gallery_filter.h) that the grid, the
  // comparison view and exports share; margin: terms read the live bars.
  // Returns why a query cannot be read (the filter then stays as it was),
  // or "" when it is in force.
  QString setFilter(const QString& query);
  QString filterQuery() const { return QString::fromStdString(m_filter.query); }
  bool isFiltered() const { return !m_filter.empty(); }
  bool accepts(int row) const;
  int acceptedCount() const;
  // The tokens CLIP scoring reads of a prompt (TokenCounter::scoringTokens):
  // the tooltip notes a comparison prompt it scores on its first 75 only.
  void setScoringTokens(std::function<int(const QString&)> tokens) { m_scoringTokens = std::move(tokens); }
  int scoringTokens(const QString& prompt) const { return m_scoringTokens ? m_scoringTokens(prompt) : 0; }

 public Q_SLOTS:
  void rescore();

 Q_SIGNALS:
  void filterChanged();

 private:
  struct Row {
    GalleryItem item;
    QImage thumbnail;
    QVector<double> probabilities;
    int order = 0;
  };
  double ownProbability(int row) const;
  double margin(int row) const;
  void updateAutomaticSet();

  ComparisonSet* m_set;
  std::vector<Row> m_rows;
  int m_nextOrder = 0;
  std::function<int(const QString&)> m_scoringTokens;
  GalleryFilter m_filter;
};

}  // namespace sd::ui
