#include "ui/model/comparison_set.h"

#include <cmath>

#include "core/clip/clip_scores.h"

namespace sd::ui {

namespace {
QStringList normalised(const QStringList& prompts) {
  QStringList out;
  for (const QString& p : prompts) {
    const QString t = p.trimmed();
    if (!t.isEmpty() && !out.contains(t)) out << t;
  }
  while (out.size() > ComparisonSet::kMaxPrompts) out.removeFirst();
  return out;
}

}  // namespace

ComparisonSet::ComparisonSet(QObject* parent) : QObject(parent) {}

QStringList ComparisonSet::prompts() const { return m_explicit.isEmpty() ? m_automatic : m_explicit; }

void ComparisonSet::setExplicitPrompts(const QStringList& prompts) {
  const QStringList before = this->prompts();
  m_explicit = normalised(prompts);
  announce(before);
}

void ComparisonSet::setAutomaticPrompts(const QStringList& prompts) {
  const QStringList before = this->prompts();
  m_automatic = normalised(prompts);
  announce(before);
}

void ComparisonSet::setTemperature(double t) {
  if (t <= 0 || t == m_temperature) return;
  m_temperature = t;
  Q_EMIT changed();
}

void ComparisonSet::announce(const QStringList& before) {
  if (prompts() == before) return;
  const QStringList missing = missingEmbeddings();
  if (!missing.isEmpty()) Q_EMIT embeddingsNeeded(missing);
  Q_EMIT changed();
}

void ComparisonSet::addTextEmbeddings(const TextEmbeddings& embeddings) {
  const int n = std::min<int>(embeddings.prompts.size(), int(embeddings.embeddings.size()));
  for (int i = 0; i < n; ++i) m_text.insert(embeddings.prompts[i].trimmed(), embeddings.embeddings[i]);
  m_logitScale = embeddings.logitScale;
  Q_EMIT changed();
}

QStringList ComparisonSet::missingEmbeddings() const {
  QStringList missing;
  for (const QString& p : prompts())
    if (!m_text.contains(p)) missing << p;
  return missing;
}

void ComparisonSet::clearEmbeddings() {
  m_text.clear();
  Q_EMIT changed();
}

QStringList ComparisonSet::promptsAfter(const QStringList& newPrompts) const {
  if (!m_explicit.isEmpty()) return m_explicit;
  QStringList after = m_automatic;  // as GalleryModel::recentPrompts orders them: latest last
  for (const QString& p : newPrompts) {
    after.removeAll(p.trimmed());
    after << p.trimmed();
  }
  return normalised(after);
}

ComparisonSet::Scores ComparisonSet::scores(const std::vector<float>& imageEmbedding) const {
  const QStringList set = prompts();
  // One prompt is no comparison: its softmax is 100 % whatever the image
  // shows, a bar that means nothing (issue 31). Bars start at two prompts.
  if (imageEmbedding.empty() || set.size() < 2) return {};
  std::vector<ClipEmbedding> texts;
  for (const QString& p : set) {
    auto it = m_text.constFind(p);
    if (it == m_text.constEnd() || it.value().size() != imageEmbedding.size()) return {};
    texts.push_back(it.value());
  }
  // The pure function from core: softmax(logitScale · cos / T) over the set.
  const ClipScores scores = clipScores({imageEmbedding}, texts, m_logitScale, float(m_temperature));
  Scores out;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const float p = scores.probabilities.front()[i];
    if (!std::isfinite(p)) return {};  // a broken embedding: no bars rather than NaN bars
    out.probabilities << double(p);
    out.logits << double(scores.logits.front()[i]);
  }
  return out;
}

}  // namespace sd::ui
