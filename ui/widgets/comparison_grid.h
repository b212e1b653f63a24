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
  static constexpr int kCell = 150;

  explicit ComparisonGrid(QWidget* parent = nullptr);
  void setModel(GalleryModel* model);

  QStringList prompts() const { return m_prompts; }
  QVector<quint64> seeds() const { return m_seeds; }
  int rowAt(int seedIndex, int promptIndex) const;  // gallery row, -1 for an empty cell
  QSize sizeHint() const override;

 public Q_SLOTS:
  void rebuild();

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  int cellHeight() const;
  void paintHeader(QPainter& painter) const;
  void paintCell(QPainter& painter, const QRect& rect, int galleryRow, int promptIndex) const;

  GalleryModel* m_model = nullptr;
  QStringList m_prompts;
  QVector<quint64> m_seeds;
  QMap<QPair<int, int>, int> m_cells;  // (seed index, prompt index) → gallery row
};

}  // namespace sd::ui
