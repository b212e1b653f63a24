// The gallery model (checked with QAbstractItemModelTester), the comparison
// set's re-scoring from stored embeddings, and the confusion matrix.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QtTest>
#include <cmath>

#include "core/clip/clip_scores.h"
#include "ui/model/comparison_set.h"
#include "ui/model/confusion_matrix.h"
#include "ui/model/gallery_model.h"

using namespace sd::ui;

namespace {
std::vector<float> unit(std::vector<float> v) {
  double n = 0;
  for (float x : v) n += x * x;
  for (float& x : v) x = float(x / std::sqrt(n));
  return v;
}

// Three orthogonal-ish prompt directions in 4-D.
TextEmbeddings texts() {
  return {{"cat", "dog", "car"},
          {unit({1, 0, 0, 0}), unit({0, 1, 0, 0}), unit({0, 0, 1, 0})},
          100.f};
}

GalleryItem item(const QString& prompt, quint64 seed, std::vector<float> embedding) {
  static quint64 next = 1;
  GalleryItem it;
  it.id = next++;
  it.prompt = prompt;
  it.seed = seed;
  it.image = QImage(64, 64, QImage::Format_RGB888);
  it.image.fill(Qt::darkCyan);
  it.imageEmbedding = unit(std::move(embedding));
  return it;
}
}  // namespace

class TestGalleryModel : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void modelPassesTheTester() {
    ComparisonSet set;
    GalleryModel model(&set);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    set.addTextEmbeddings(texts());
    model.append(item("cat", 1, {1, 0.2f, 0, 0}));
    model.append(item("dog", 1, {0.1f, 1, 0, 0}));
    model.append(item("car", 2, {0, 0, 1, 0.1f}));
    QCOMPARE(model.rowCount(), 3);
    set.setExplicitPrompts({"cat", "dog"});
    QVERIFY(model.removeRowAt(1));
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(!model.removeRowAt(7));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
  }

  void rolesDescribeTheItem() {
    ComparisonSet set;
    GalleryModel model(&set);
    set.addTextEmbeddings(texts());
    set.setExplicitPrompts({"cat", "dog", "car"});
    model.append(item("dog", 42, {0.2f, 1, 0.1f, 0}));
    const QModelIndex i = model.index(0);
    QCOMPARE(i.data(GalleryModel::PromptRole).toString(), QString("dog"));
    QCOMPARE(i.data(GalleryModel::SeedRole).toULongLong(), 42ull);
    QCOMPARE(i.data(GalleryModel::OwnIndexRole).toInt(), 1);
    QCOMPARE(i.data(GalleryModel::PromptSetRole).toStringList(), QStringList({"cat", "dog", "car"}));
    const QVariantList probs = i.data(GalleryModel::ProbabilitiesRole).toList();
    QCOMPARE(probs.size(), 3);
    double sum = 0;
    for (const QVariant& p : probs) sum += p.toDouble();
    QVERIFY(std::abs(sum - 1.0) < 1e-5);
    QVERIFY(probs[1].toDouble() > probs[0].toDouble());
    QCOMPARE(i.data(GalleryModel::OwnProbabilityRole).toDouble(), probs[1].toDouble());
    const double margin = probs[1].toDouble() - std::max(probs[0].toDouble(), probs[2].toDouble());
    QVERIFY(std::abs(i.data(GalleryModel::MarginRole).toDouble() - margin) < 1e-9);
    QVERIFY(!i.data(GalleryModel::ThumbnailRole).value<QImage>().isNull());
  }

  // The probabilities equal core's pure function on the same embeddings.
  void probabilitiesMatchCoreScores() {
    ComparisonSet set;
    GalleryModel model(&set);
    const TextEmbeddings t = texts();
    set.addTextEmbeddings(t);
    set.setExplicitPrompts({"cat", "dog", "car"});
    GalleryItem it = item("cat", 7, {0.9f, 0.3f, 0.2f, 0.1f});
    const auto expected = sd::clipScores({it.imageEmbedding}, t.embeddings, 100.f, 10.f).probabilities[0];
    model.append(it);
    const QVector<double> got = model.probabilities(0);
    QCOMPARE(got.size(), 3);
    for (int k = 0; k < 3; ++k) QVERIFY(std::abs(got[k] - expected[k]) < 1e-6);
  }

  // Editing the set re-scores every image from stored embeddings; prompts
  // without a text embedding are requested, nothing else is.
  void editingTheSetRescoresWithoutClip() {
    ComparisonSet set;
    GalleryModel model(&set);
    set.addTextEmbeddings(texts());
    QSignalSpy needed(&set, &ComparisonSet::embeddingsNeeded);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.append(item("cat", 1, {1, 0.3f, 0.3f, 0}));
    model.append(item("dog", 1, {0.3f, 1, 0.3f, 0}));
    QCOMPARE(set.prompts(), QStringList({"cat", "dog"}));  // automatic: the gallery's prompts
    QCOMPARE(model.probabilities(0).size(), 2);
    QCOMPARE(needed.count(), 0);

    changed.clear();
    set.setExplicitPrompts({"cat", "dog", "car"});
    QVERIFY(changed.count() >= 1);
    QCOMPARE(model.probabilities(0).size(), 3);
    QCOMPARE(model.probabilities(1).size(), 3);
    QCOMPARE(needed.count(), 0);

    set.setExplicitPrompts({"cat", "a bird"});
    QCOMPARE(needed.count(), 1);
    QCOMPARE(needed.first().first().toStringList(), QStringList({"a bird"}));
    QVERIFY(model.probabilities(0).isEmpty());  // not scorable until the bird's embedding arrives
    set.addTextEmbeddings({{"a bird"}, {unit({0, 0, 0, 1})}, 100.f});
    QCOMPARE(model.probabilities(0).size(), 2);
    QVERIFY(model.probabilities(0)[0] > 0.9);
    QCOMPARE(model.index(1).data(GalleryModel::OwnIndexRole).toInt(), -1);  // "dog" is not in the set
    QCOMPARE(model.index(1).data(GalleryModel::OwnProbabilityRole).toDouble(), -1.0);
  }

  void temperatureFlattensTheBars() {
    ComparisonSet set;
    GalleryModel model(&set);
    set.addTextEmbeddings(texts());
    set.setExplicitPrompts({"cat", "dog"});
    model.append(item("cat", 1, {1, 0.5f, 0, 0}));
    const double sharp = model.probabilities(0)[0];
    set.setTemperature(100);
    const double flat = model.probabilities(0)[0];
    QVERIFY(sharp > flat);
    QVERIFY(flat > 0.5);
  }

  void sortsByOwnProbabilityAndMargin() {
    ComparisonSet set;
    GalleryModel model(&set);
    set.addTextEmbeddings(texts());
    set.setExplicitPrompts({"cat", "dog", "car"});
    model.append(item("cat", 1, {1, 0.9f, 0.9f, 0}));   // own high but close to others
    model.append(item("cat", 2, {1, 0.1f, 0.0f, 0}));   // clear winner
    model.append(item("cat", 3, {0.2f, 1, 0, 0}));      // wrong prompt on top
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(GalleryModel::MarginRole);
    proxy.sort(0, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, 0).data(GalleryModel::SeedRole).toULongLong(), 2ull);
    QCOMPARE(proxy.index(2, 0).data(GalleryModel::SeedRole).toULongLong(), 3ull);
    QVERIFY(proxy.index(2, 0).data(GalleryModel::MarginRole).toDouble() < 0);
    proxy.setSortRole(GalleryModel::OwnProbabilityRole);
    QCOMPARE(proxy.index(2, 0).data(GalleryModel::SeedRole).toULongLong(), 3ull);
  }

  void confusionMatrixValues() {
    const QStringList prompts = {"a", "b"};
    QVector<ScoredImage> images = {{0, {0.8, 0.2}}, {0, {0.4, 0.6}}, {1, {0.3, 0.7}}, {-1, {0.5, 0.5}}};
    const ConfusionMatrix m = computeConfusion(prompts, images);
    QCOMPARE(m.images, 3);
    QCOMPARE(m.ownTop, 2);
    QVERIFY(std::abs(m.ownTopShare() - 2.0 / 3.0) < 1e-12);
    QVERIFY(std::abs(m.mean[0][0] - 0.6) < 1e-12);
    QVERIFY(std::abs(m.mean[0][1] - 0.4) < 1e-12);
    QVERIFY(std::abs(m.mean[1][0] - 0.3) < 1e-12);
    QVERIFY(std::abs(m.mean[1][1] - 0.7) < 1e-12);
    QCOMPARE(m.imagesPerRow, QVector<int>({2, 1}));
  }

  void confusionFromTheGallery() {
    ComparisonSet set;
    GalleryModel model(&set);
    set.addTextEmbeddings(texts());
    set.setExplicitPrompts({"cat", "dog"});
    model.append(item("cat", 1, {1, 0, 0, 0}));
    model.append(item("dog", 1, {0, 1, 0, 0}));
    model.append(item("dog", 2, {1, 0, 0, 0}));  // looks like a cat
    model.append(item("car", 1, {0, 0, 1, 0}));  // not in the set: not counted
    const ConfusionMatrix m = model.confusion();
    QCOMPARE(m.images, 3);
    QCOMPARE(m.ownTop, 2);
    QVERIFY(m.mean[0][0] > 0.99);
    QVERIFY(std::abs(m.mean[1][0] - 0.5) < 0.01);
  }

  void setIsBoundedAndClean() {
    ComparisonSet set;
    set.setExplicitPrompts({" a ", "a", "", "b", "c", "d", "e", "f", "g", "h", "i"});
    QCOMPARE(set.prompts().size(), ComparisonSet::kMaxPrompts);
    QVERIFY(!set.prompts().contains(""));
    QCOMPARE(set.prompts().count("a"), set.prompts().contains("a") ? 1 : 0);
  }
};

QTEST_MAIN(TestGalleryModel)
#include "test_gallery_model.moc"
