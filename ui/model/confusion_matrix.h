#pragma once
// Prompt × prompt confusion of a comparison: row r = images generated from
// prompt r, column c = their mean CLIP probability for prompt c. A set of
// prompts CLIP tells apart has a bright diagonal.
#include <QStringList>
#include <QVector>

namespace sd::ui {

struct ScoredImage {
  int ownIndex = -1;               // generating prompt's index in the set (-1: not in the set)
  QVector<double> probabilities;   // over the set
};

struct ConfusionMatrix {
  QStringList prompts;
  QVector<QVector<double>> mean;  // [row][column]; rows without images are all 0
  QVector<int> imagesPerRow;
  int images = 0;   // images counted (own prompt in the set, scored)
  int ownTop = 0;   // of those, how many have their own prompt as the most probable
  double ownTopShare() const { return images ? double(ownTop) / images : 0.0; }
};

ConfusionMatrix computeConfusion(const QStringList& prompts, const QVector<ScoredImage>& images);

}  // namespace sd::ui
