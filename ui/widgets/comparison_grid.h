#pragma once
// The comparison grid: rows = seeds, columns = the prompts of the comparison
// set, each cell the latest image of that prompt at that seed with its bars
// (of the images the gallery filter keeps).
#include <QMap>
#include <QVector>
#include <QWidget>

namespace sd::ui {

class GalleryModel;

class ComparisonGrid : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kCell = 150;     // a cell's thumbnail side where there is room
  static constexpr int kMinCell = 112;  // the smallest that keeps its bars readable
  static constexpr int kColumnsToShow = 3;

  explicit ComparisonGrid(QWidget* parent = nullptr);
  void setModel(GalleryModel* model);

  QStringList prompts() const { return m_prompts; }
  QVector<quint64> seeds() const { return m_seeds; }
  int rowAt(int seedIndex, int promptIndex) const;  // gallery row, -1 for an empty cell
  QSize sizeHint() const override;
  // Cells shrink (down to kMinCell) so that kColumnsToShow prompts fit in
  // `width`, the visible width: at 1280×720 three columns were 2½, cut.
  void fitWidth(int width);
  int cellSize() const { return m_cell; }

 public Q_SLOTS:
  void rebuild();

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  int cellHeight() const;
  void refit();
  void paintHeader(QPainter& painter) const;
  void paintCell(QPainter& painter, const QRect& rect, int galleryRow, int promptIndex) const;

  GalleryModel* m_model = nullptr;
  int m_cell = kCell;
  int m_fitWidth = 0;  // the width fitWidth() was given (0: none yet)
  QStringList m_prompts;
  QVector<quint64> m_seeds;
  QMap<QPair<int, int>, int> m_cells;  // (seed index, prompt index) → gallery row
};

}  // namespace sd::ui
