#pragma once
// Which words matter (issue 12): the image's prompt laid out word by word,
// a bar under each word or bracketed group: how much the image's own-prompt
// probability drops when it is left out. Up (warm) = the word supports the
// image's match with its prompt, down (cool) = the image matches better
// without it. The tooltip gives the raw probability and score changes.
#include <QString>
#include <QVector>
#include <QWidget>

#include "core/metadata/prompt_insight.h"

namespace sd::ui {

class WordInfluenceView : public QWidget {
  Q_OBJECT
 public:
  explicit WordInfluenceView(QWidget* parent = nullptr);

  // An empty explanation shows the hint instead.
  void setExplanation(const PromptExplanation& explanation);
  void setHint(const QString& hint);

  int unitCount() const { return int(m_explanation.units.size()); }
  // Own-prompt probability with the word minus without it (> 0: it supports the prompt).
  double influence(int unit) const;
  double scoreChange(int unit) const;  // the same for the raw CLIP score (logit)
  QRectF wordRect(int unit) const;     // where the word's text is painted
  QRectF barRect(int unit) const;      // its bar (zero height for no change)
  int unitAt(const QPointF& pos) const;  // -1 between words
  QString toolTipFor(int unit) const;
  bool showsHint() const { return m_explanation.units.empty(); }
  QString hint() const { return m_hint; }

  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;
  bool event(QEvent* event) override;

 private:
  // Words flow like text; each line is text above a bar band.
  QVector<QRectF> layoutWords(int width) const;
  double scale() const;  // the largest |influence|: the full bar height
  int lineHeight() const;
  int barBand() const { return 2 * kBarHalf + 4; }

  static constexpr int kBarHalf = 9;  // a full bar's height either way from the midline
  PromptExplanation m_explanation;
  QString m_hint;
};

}  // namespace sd::ui
