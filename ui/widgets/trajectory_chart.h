#pragma once
// The score trajectory (issue 12) as a small line chart: x = denoising step,
// y = CLIP probability of the x₀ estimate, one line per prompt of the
// comparison set. The image's own prompt is drawn in the gallery bars'
// highlight colour, the others in their grey (told apart by dashes), and a
// legend names them.
#include <QPen>
#include <QStringList>
#include <QWidget>

#include "core/metadata/prompt_insight.h"

namespace sd::ui {

class TrajectoryChart : public QWidget {
  Q_OBJECT
 public:
  explicit TrajectoryChart(QWidget* parent = nullptr);

  // prompts: the comparison set the trajectory was scored against (labels
  // "prompt k" when their count differs); own: the image's row, or -1.
  void setTrajectory(const ScoreTrajectory& trajectory, const QStringList& prompts, int own);
  void setHint(const QString& hint);

  int seriesCount() const;
  int pointCount() const { return int(m_trajectory.steps.size()); }
  QRectF plotRect() const;                 // the axes' box
  QPointF pointAt(int series, int i) const;  // of steps[i]
  QPen penFor(int series) const;
  QString labelFor(int series) const;
  QRectF legendRect(int series) const;
  int stepIndexAt(const QPointF& pos) const;  // nearest recorded step, -1 off the plot
  QString toolTipAt(const QPointF& pos) const;
  bool showsHint() const { return m_trajectory.empty(); }
  QString hint() const { return m_hint; }

  QSize sizeHint() const override { return {320, 170}; }
  QSize minimumSizeHint() const override { return {160, 110}; }

 protected:
  void paintEvent(QPaintEvent* event) override;
  bool event(QEvent* event) override;

 private:
  int legendRows() const;
  int maxStep() const;

  ScoreTrajectory m_trajectory;
  QStringList m_labels;
  int m_own = -1;
  QString m_hint;
};

}  // namespace sd::ui
