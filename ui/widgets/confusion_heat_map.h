#pragma once
// The prompt × prompt confusion matrix as a heat map: row = generating
// prompt, column = the prompt CLIP scored, cell = mean probability.
#include <QWidget>

#include "ui/model/confusion_matrix.h"

namespace sd::ui {

class ConfusionHeatMap : public QWidget {
  Q_OBJECT
 public:
  explicit ConfusionHeatMap(QWidget* parent = nullptr);
  void setMatrix(const ConfusionMatrix& matrix);
  const ConfusionMatrix& matrix() const { return m_matrix; }
  static QColor colorFor(double probability);
  QRect cellRect(int row, int column) const;
  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  int cellSize() const;
  ConfusionMatrix m_matrix;
};

}  // namespace sd::ui
