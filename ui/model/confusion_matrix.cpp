#include "ui/model/confusion_matrix.h"

#include <algorithm>

namespace sd::ui {

ConfusionMatrix computeConfusion(const QStringList& prompts, const QVector<ScoredImage>& images) {
  const int n = prompts.size();
  ConfusionMatrix m;
  m.prompts = prompts;
  m.mean = QVector<QVector<double>>(n, QVector<double>(n, 0.0));
  m.imagesPerRow = QVector<int>(n, 0);
  for (const ScoredImage& image : images) {
    if (image.ownIndex < 0 || image.ownIndex >= n || image.probabilities.size() != n) continue;
    for (int c = 0; c < n; ++c) m.mean[image.ownIndex][c] += image.probabilities[c];
    ++m.imagesPerRow[image.ownIndex];
    ++m.images;
    const auto top = std::max_element(image.probabilities.begin(), image.probabilities.end());
    if (int(top - image.probabilities.begin()) == image.ownIndex) ++m.ownTop;
  }
  for (int r = 0; r < n; ++r)
    if (m.imagesPerRow[r] > 0)
      for (double& v : m.mean[r]) v /= m.imagesPerRow[r];
  return m;
}

}  // namespace sd::ui
