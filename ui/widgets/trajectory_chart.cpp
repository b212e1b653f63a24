#include "ui/widgets/trajectory_chart.h"

#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>

#include "ui/painting/probability_bars.h"

namespace sd::ui {

namespace {
constexpr int kLeftAxis = 34, kTop = 6, kRight = 8, kBottomAxis = 16;
constexpr int kLegendRow = 14;
constexpr int kMaxLegendRows = 4;  // beyond that the tooltip names the rest
}  // namespace

TrajectoryChart::TrajectoryChart(QWidget* parent) : QWidget(parent) {
  setObjectName("trajectoryChart");
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  m_hint = tr("No score trajectory for this image: load a CLIP model and set "
              "\"Trajectory every N steps\" above 0 before generating.");
}

void TrajectoryChart::setTrajectory(const ScoreTrajectory& trajectory, const QStringList& prompts, int own) {
  m_trajectory = trajectory;
  m_own = own;
  const int n = m_trajectory.probabilities.empty() ? 0 : int(m_trajectory.probabilities.front().size());
  m_labels.clear();
  if (prompts.size() == n) m_labels = ProbabilityBars::distinctiveLabels(prompts);
  else
    for (int k = 0; k < n; ++k) m_labels << tr("prompt %1").arg(k + 1);
  update();
}

void TrajectoryChart::setHint(const QString& hint) {
  m_hint = hint;
  update();
}

int TrajectoryChart::seriesCount() const { return int(m_labels.size()); }
int TrajectoryChart::legendRows() const { return std::min(seriesCount(), kMaxLegendRows); }
int TrajectoryChart::maxStep() const { return m_trajectory.steps.empty() ? 1 : std::max(1, m_trajectory.steps.back()); }

QRectF TrajectoryChart::plotRect() const {
  return QRectF(kLeftAxis, kTop, width() - kLeftAxis - kRight,
                height() - kTop - kBottomAxis - legendRows() * kLegendRow);
}

QPointF TrajectoryChart::pointAt(int series, int i) const {
  const QRectF r = plotRect();
  const double x = r.left() + r.width() * m_trajectory.steps.at(std::size_t(i)) / maxStep();
  const double p = m_trajectory.probabilities.at(std::size_t(i)).at(std::size_t(series));
  return {x, r.bottom() - r.height() * std::clamp(p, 0.0, 1.0)};
}

QPen TrajectoryChart::penFor(int series) const {
  const BarStyle bars;
  if (series == m_own) return QPen(bars.highlightFill, 2.2);
  static const Qt::PenStyle styles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine};
  const int other = series - (m_own >= 0 && series > m_own ? 1 : 0);
  return QPen(bars.fill.darker(115), 1.5, styles[other % 4]);
}

QString TrajectoryChart::labelFor(int series) const { return m_labels.value(series); }

QRectF TrajectoryChart::legendRect(int series) const {
  if (series >= kMaxLegendRows) return {};
  const QRectF r = plotRect();
  return QRectF(r.left(), r.bottom() + kBottomAxis + series * kLegendRow, r.width(), kLegendRow);
}

int TrajectoryChart::stepIndexAt(const QPointF& pos) const {
  const QRectF r = plotRect();
  if (showsHint() || !r.adjusted(-4, -4, 4, 4).contains(pos)) return -1;
  int best = 0;
  for (int i = 1; i < pointCount(); ++i)
    if (std::abs(pointAt(0, i).x() - pos.x()) < std::abs(pointAt(0, best).x() - pos.x())) best = i;
  return best;
}

QString TrajectoryChart::toolTipAt(const QPointF& pos) const {
  const int i = stepIndexAt(pos);
  if (i < 0) return {};
  QString text = tr("<b>Step %1</b> (%2)").arg(m_trajectory.steps[std::size_t(i)])
                     .arg(QString::fromStdString(m_trajectory.decoder).toHtmlEscaped());
  for (int k = 0; k < seriesCount(); ++k)
    text += QStringLiteral("<br>%1% — %2%3")
                .arg(m_trajectory.probabilities[std::size_t(i)][std::size_t(k)] * 100, 0, 'f', 1)
                .arg(labelFor(k).toHtmlEscaped())
                .arg(k == m_own ? tr(" (own prompt)") : QString());
  return text;
}

bool TrajectoryChart::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const QString tip = toolTipAt(help->pos());
    if (tip.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(help->globalPos(), tip, this);
    return true;
  }
  return QWidget::event(event);
}

void TrajectoryChart::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const QColor text = palette().color(QPalette::WindowText);
  if (showsHint()) {
    p.setPen(palette().color(QPalette::Disabled, QPalette::WindowText));
    p.drawText(rect().adjusted(4, 4, -4, -4), Qt::TextWordWrap | Qt::AlignLeft, m_hint);
    return;
  }
  const QRectF r = plotRect();
  QFont small = font();
  small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
  p.setFont(small);
  // Axes: probability 0, 50, 100 % and the first and last step.
  for (double y : {0.0, 0.5, 1.0}) {
    const double py = r.bottom() - r.height() * y;
    p.setPen(QPen(BarStyle().track, 1));
    p.drawLine(QPointF(r.left(), py), QPointF(r.right(), py));
    p.setPen(text);
    p.drawText(QRectF(0, py - 7, kLeftAxis - 4, 14), Qt::AlignRight | Qt::AlignVCenter,
               QStringLiteral("%1%").arg(int(y * 100)));
  }
  p.drawText(QRectF(r.left(), r.bottom() + 1, r.width(), kBottomAxis - 2), Qt::AlignRight | Qt::AlignTop,
             tr("step %1").arg(maxStep()));
  p.drawText(QRectF(r.left(), r.bottom() + 1, r.width(), kBottomAxis - 2), Qt::AlignLeft | Qt::AlignTop, "0");
  // The own prompt last, so it stays on top.
  for (int pass = 0; pass < 2; ++pass)
    for (int k = 0; k < seriesCount(); ++k) {
      if ((k == m_own) != (pass == 1)) continue;
      QPainterPath path(pointAt(k, 0));
      for (int i = 1; i < pointCount(); ++i) path.lineTo(pointAt(k, i));
      p.setPen(penFor(k));
      p.setBrush(Qt::NoBrush);
      p.drawPath(path);
      if (pointCount() == 1) p.drawEllipse(pointAt(k, 0), 2, 2);
    }
  for (int k = 0; k < legendRows(); ++k) {
    const QRectF row = legendRect(k);
    p.setPen(penFor(k));
    p.drawLine(QPointF(row.left(), row.center().y()), QPointF(row.left() + 18, row.center().y()));
    p.setPen(text);
    p.drawText(row.adjusted(24, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
               p.fontMetrics().elidedText(labelFor(k), Qt::ElideRight, int(row.width()) - 24));
  }
}

}  // namespace sd::ui
