#pragma once
// The gallery's "Insight" tab for the selected image: which words of its
// prompt its CLIP match rests on, and how the match moved while it was
// denoised. Both come stored with the image (PNG metadata); this only draws.
#include <QWidget>

#include "ui/studio_types.h"

class QLabel;

namespace sd::ui {

class TrajectoryChart;
class WordInfluenceView;

class InsightPane : public QWidget {
  Q_OBJECT
 public:
  explicit InsightPane(QWidget* parent = nullptr);

  // nullptr: nothing selected.
  void showItem(const GalleryItem* item);
  WordInfluenceView* words() const { return m_words; }
  TrajectoryChart* trajectory() const { return m_trajectory; }

 private:
  QLabel* m_wordsTitle;
  WordInfluenceView* m_words;
  TrajectoryChart* m_trajectory;
};

}  // namespace sd::ui
