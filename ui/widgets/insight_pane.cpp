#include "ui/widgets/insight_pane.h"

#include <QLabel>
#include <QVBoxLayout>

#include "ui/widgets/trajectory_chart.h"
#include "ui/widgets/word_influence_view.h"

namespace sd::ui {

InsightPane::InsightPane(QWidget* parent) : QWidget(parent) {
  setObjectName("insightPane");
  m_wordsTitle = new QLabel(tr("<b>Which words matter</b>"));
  m_wordsTitle->setToolTip(tr("Each word or (bracketed group) left out in turn and the prompt re-scored with CLIP's "
                              "text tower: a bar up means the image matches its prompt because of that word"));
  m_words = new WordInfluenceView;
  auto* chartTitle = new QLabel(tr("<b>Score while denoising</b>"));
  chartTitle->setToolTip(tr("CLIP probabilities of the image-to-be (the scheduler's estimate of the final image) "
                            "every few steps, against each prompt of the comparison set"));
  m_trajectory = new TrajectoryChart;
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->setSpacing(2);
  layout->addWidget(m_wordsTitle);
  layout->addWidget(m_words);
  layout->addWidget(chartTitle);
  layout->addWidget(m_trajectory, 1);
  showItem(nullptr);
}

void InsightPane::showItem(const GalleryItem* item) {
  if (!item) {
    m_words->setHint(tr("Select an image."));
    m_words->setExplanation({});
    m_trajectory->setTrajectory({}, {}, -1);
    return;
  }
  m_words->setHint(tr("No word insight for this image: load a CLIP model (Models panel) before generating."));
  m_words->setExplanation(item->explanation);
  if (!item->explanation.empty())
    m_wordsTitle->setText(tr("<b>Which words matter</b> — own prompt %1%")
                              .arg(item->explanation.probability * 100, 0, 'f', 1));
  else
    m_wordsTitle->setText(tr("<b>Which words matter</b>"));
  // The trajectory was scored against the set the image was saved with.
  QStringList prompts;
  for (const auto& p : item->trajectory.prompts) prompts << QString::fromStdString(p);
  if (prompts.isEmpty()) prompts = item->storedPrompts;  // files from before the trajectory kept its set
  m_trajectory->setTrajectory(item->trajectory, prompts, int(prompts.indexOf(item->prompt.trimmed())));
}

}  // namespace sd::ui
