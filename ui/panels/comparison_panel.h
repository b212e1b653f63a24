#pragma once
#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QScrollArea;
class QPushButton;
class QSpinBox;
class QTimer;

namespace sd::ui {

class ComparisonGrid;
class ComparisonSet;
class ConfusionHeatMap;
class GalleryModel;

// Side by side: the comparison set (2–8 prompts, one per line) rendered at
// the same seeds, the grid (rows = seeds, columns = prompts) with bars, and
// the confusion matrix with the share of images whose top prompt is their
// own — of the images the gallery filter keeps. Editing the set re-scores
// everything from stored embeddings.
class ComparisonPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ComparisonPanel(QWidget* parent = nullptr);

  void setModels(ComparisonSet* set, GalleryModel* gallery);
  void setPrompts(const QStringList& prompts);  // edits the set (as typing would)
  // The set from / to a text file, one prompt per line (core/text/prompts_file.h);
  // a file it cannot read or write is named in a message box.
  bool loadPromptsFile(const QString& path);
  bool savePromptsFile(const QString& path);
  QStringList editedPrompts() const;
  int seedCount() const;
  ComparisonGrid* grid() const { return m_grid; }
  ConfusionHeatMap* heatMap() const { return m_heatMap; }
  QString summaryText() const;

 public Q_SLOTS:
  void refresh();
  void applyEdits();

 Q_SIGNALS:
  void renderRequested(const QStringList& prompts, int seedCount);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QScrollArea* m_gridScroll = nullptr;
  QWidget* buildEditor();

  ComparisonSet* m_set = nullptr;
  GalleryModel* m_gallery = nullptr;
  QPlainTextEdit* m_prompts;
  QSpinBox* m_seeds;
  QDoubleSpinBox* m_temperature;
  QPushButton* m_render;
  QLabel* m_setStatus;
  QLabel* m_summary;
  ComparisonGrid* m_grid;
  ConfusionHeatMap* m_heatMap;
  QTimer* m_editTimer;
};

}  // namespace sd::ui
