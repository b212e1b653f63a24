#include "ui/score_keeper.h"

#include <QtConcurrent>
#include <cmath>
#include <utility>

#include "ui/model/comparison_set.h"
#include "ui/model/gallery_model.h"
#include "ui/token_counter.h"

namespace sd::ui {

namespace {
constexpr int kSettleMs = 400;  // a batch of images, or typing in the set, settles first

// JSON round trips and float→double conversions differ in the last digits.
bool sameBars(const QVector<double>& a, const QVector<double>& b) {
  if (a.size() != b.size()) return false;
  for (int i = 0; i < a.size(); ++i)
    if (std::abs(a[i] - b[i]) > 1e-5) return false;
  return true;
}
}  // namespace

ScoreKeeper::ScoreKeeper(GalleryModel* gallery, ComparisonSet* set, std::shared_ptr<GalleryFiles> files,
                         QObject* parent)
    : QObject(parent), m_gallery(gallery), m_set(set), m_files(std::move(files)) {
  m_settle.setSingleShot(true);
  m_settle.setInterval(kSettleMs);
  connect(&m_settle, &QTimer::timeout, this, &ScoreKeeper::writeInBackground);
  auto settle = [this] { m_settle.start(); };
  connect(gallery, &QAbstractItemModel::rowsInserted, this, settle);
  connect(gallery, &QAbstractItemModel::dataChanged, this, settle);
  connect(gallery, &QAbstractItemModel::modelReset, this, settle);
  connect(&m_writing, &QFutureWatcher<QStringList>::finished, this, [this] {
    const QVector<StoredScores> written = std::exchange(m_inFlight, {});
    markStored(written, m_writing.result());
    if (!pendingChanges().isEmpty()) m_settle.start();  // the bars moved on meanwhile
  });
}

ScoreKeeper::~ScoreKeeper() { m_writing.waitForFinished(); }

QVector<StoredScores> ScoreKeeper::pendingChanges() const {
  QVector<StoredScores> changes;
  const QStringList prompts = m_set->prompts();
  for (int row = 0; row < m_gallery->rowCount(); ++row) {
    const GalleryItem& item = m_gallery->item(row);
    if (item.filePath.isEmpty()) continue;
    const ComparisonSet::Scores scores = m_set->scores(item.imageEmbedding);
    if (scores.probabilities.isEmpty()) continue;  // no bars drawn: keep what the file has
    if (item.storedPrompts == prompts && sameBars(item.storedProbabilities, scores.probabilities)) continue;
    StoredScores change{item.filePath, prompts, scores.probabilities, scores.logits, m_set->temperature(),
                        double(m_set->logitScale())};
    for (const QString& p : prompts) change.promptTokens << m_gallery->scoringTokens(p);
    if (!prompts.isEmpty() && change.promptTokens.front() > 0) change.tokenLimit = TokenCounter::kWindow;
    else change.promptTokens.clear();  // no tokenizer: say nothing rather than 0 tokens
    changes.push_back(std::move(change));
  }
  return changes;
}

void ScoreKeeper::writeInBackground() {
  if (m_writing.isRunning()) return;  // its finished handler looks again
  m_inFlight = pendingChanges();
  if (m_inFlight.isEmpty()) return;
  m_writing.setFuture(QtConcurrent::run([files = m_files, changes = m_inFlight] { return files->storeScores(changes); }));
}

void ScoreKeeper::flush() {
  m_settle.stop();
  if (m_writing.isRunning()) {
    m_writing.waitForFinished();
    markStored(std::exchange(m_inFlight, {}), m_writing.result());
  }
  const QVector<StoredScores> changes = pendingChanges();
  if (!changes.isEmpty()) markStored(changes, m_files->storeScores(changes));
}

void ScoreKeeper::markStored(const QVector<StoredScores>& written, const QStringList& errors) {
  for (const StoredScores& s : written) m_gallery->setStoredScores(s.filePath, s.prompts, s.probabilities);
  if (!errors.isEmpty()) Q_EMIT failed(tr("Could not store the CLIP scores in %n file(s): %1", "", int(errors.size()))
                                           .arg(errors.front()));
}

}  // namespace sd::ui
