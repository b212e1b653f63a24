#include "ui/widgets/word_influence_view.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "ui/painting/probability_bars.h"

namespace sd::ui {

namespace {
constexpr int kGap = 6;     // between words
constexpr int kMargin = 4;
const QColor kSupports = BarStyle().highlightFill;  // the gallery's own-prompt colour
const QColor kHurts{74, 128, 196};
}  // namespace

WordInfluenceView::WordInfluenceView(QWidget* parent) : QWidget(parent) {
  setObjectName("wordInfluenceView");
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  m_hint = tr("No word insight for this image: load a CLIP model before generating.");
}

void WordInfluenceView::setExplanation(const PromptExplanation& explanation) {
  m_explanation = explanation;
  updateGeometry();
  update();
}

void WordInfluenceView::setHint(const QString& hint) {
  m_hint = hint;
  update();
}

double WordInfluenceView::influence(int unit) const {
  return m_explanation.probability - m_explanation.units.at(std::size_t(unit)).probability;
}

double WordInfluenceView::scoreChange(int unit) const {
  return m_explanation.logit - m_explanation.units.at(std::size_t(unit)).logit;
}

double WordInfluenceView::scale() const {
  double top = 0;
  for (int i = 0; i < unitCount(); ++i) top = std::max(top, std::abs(influence(i)));
  return std::max(top, 0.01);  // below a point, noise: never blown up to full bars
}

int WordInfluenceView::lineHeight() const { return fontMetrics().height() + barBand(); }

QVector<QRectF> WordInfluenceView::layoutWords(int width) const {
  QVector<QRectF> rects;
  const QFontMetrics fm = fontMetrics();
  double x = kMargin, y = kMargin;
  for (const auto& unit : m_explanation.units) {
    const double w = fm.horizontalAdvance(QString::fromStdString(unit.text)) + 2;
    if (x > kMargin && x + w > width - kMargin) {
      x = kMargin;
      y += lineHeight();
    }
    rects << QRectF(x, y, w, fm.height());
    x += w + kGap;
  }
  return rects;
}

// Laid out on demand: a prompt has a few dozen words at most.
QRectF WordInfluenceView::wordRect(int unit) const { return layoutWords(width()).value(unit); }

QRectF WordInfluenceView::barRect(int unit) const {
  const QRectF word = wordRect(unit);
  const double mid = word.bottom() + 2 + kBarHalf;
  const double h = kBarHalf * std::min(1.0, std::abs(influence(unit)) / scale());
  return influence(unit) >= 0 ? QRectF(word.left(), mid - h, word.width(), h) : QRectF(word.left(), mid, word.width(), h);
}

int WordInfluenceView::unitAt(const QPointF& pos) const {
  const auto words = layoutWords(width());
  for (int i = 0; i < words.size(); ++i)
    if (words[i].adjusted(0, 0, 0, barBand()).contains(pos)) return i;
  return -1;
}

QString WordInfluenceView::toolTipFor(int unit) const {
  const auto& u = m_explanation.units.at(std::size_t(unit));
  const double points = influence(unit) * 100;
  return tr("<b>%1</b><br>Left out, the prompt's probability goes %2% → %3% (%4%5 points: %6)<br>"
            "CLIP score %7 → %8 (change %9%10)")
      .arg(QString::fromStdString(u.text).toHtmlEscaped())
      .arg(m_explanation.probability * 100, 0, 'f', 1)
      .arg(u.probability * 100, 0, 'f', 1)
      .arg(points >= 0 ? QStringLiteral("−") : QStringLiteral("+"))
      .arg(std::abs(points), 0, 'f', 1)
      .arg(points >= 0 ? tr("it supports the prompt") : tr("the image matches better without it"))
      .arg(m_explanation.logit, 0, 'f', 2)
      .arg(u.logit, 0, 'f', 2)
      .arg(scoreChange(unit) >= 0 ? QStringLiteral("−") : QStringLiteral("+"))
      .arg(std::abs(scoreChange(unit)), 0, 'f', 2);
}

int WordInfluenceView::heightForWidth(int width) const {
  if (showsHint()) return fontMetrics().height() * 2 + 2 * kMargin;
  const auto rects = layoutWords(width);
  return int(rects.last().bottom()) + barBand() + kMargin;
}

QSize WordInfluenceView::sizeHint() const { return {320, heightForWidth(320)}; }
QSize WordInfluenceView::minimumSizeHint() const { return {120, fontMetrics().height() + barBand()}; }

bool WordInfluenceView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const int unit = unitAt(help->pos());
    if (unit >= 0) QToolTip::showText(help->globalPos(), toolTipFor(unit), this);
    else QToolTip::hideText();
    return true;
  }
  return QWidget::event(event);
}

void WordInfluenceView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  if (showsHint()) {
    p.setPen(palette().color(QPalette::Disabled, QPalette::WindowText));
    p.drawText(rect().adjusted(kMargin, kMargin, -kMargin, -kMargin), Qt::TextWordWrap | Qt::AlignLeft, m_hint);
    return;
  }
  for (int i = 0; i < unitCount(); ++i) {
    const QRectF word = wordRect(i);
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(word, Qt::AlignCenter, QString::fromStdString(m_explanation.units[std::size_t(i)].text));
    const double mid = word.bottom() + 2 + kBarHalf;
    p.setPen(QPen(BarStyle().track, 1));
    p.drawLine(QPointF(word.left(), mid), QPointF(word.right(), mid));
    p.fillRect(barRect(i), influence(i) >= 0 ? kSupports : kHurts);
  }
}

}  // namespace sd::ui
