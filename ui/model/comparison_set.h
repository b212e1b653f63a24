#pragma once
// The prompts every image is scored against, and the CLIP text embeddings of
// those prompts. Probabilities are a pure function of the stored embeddings
// (softmax of logit_scale·cos / T), so changing the set re-scores the whole
// gallery at once without running CLIP on any image again.
//
// The set is either explicit (edited in the comparison view, 2–8 prompts) or,
// while that is empty, automatic: the distinct prompts in the gallery.
#include <QHash>
#include <QObject>
#include <QStringList>
#include <QVector>
#include <vector>

#include "ui/studio_types.h"

namespace sd::ui {

class ComparisonSet : public QObject {
  Q_OBJECT
 public:
  static constexpr int kMaxPrompts = 8;
  static constexpr double kDefaultTemperature = 10.0;

  explicit ComparisonSet(QObject* parent = nullptr);

  QStringList prompts() const;  // the set in effect
  QStringList explicitPrompts() const { return m_explicit; }
  bool isAutomatic() const { return m_explicit.isEmpty(); }
  void setExplicitPrompts(const QStringList& prompts);  // trimmed, deduplicated, at most kMaxPrompts
  void setAutomaticPrompts(const QStringList& prompts);

  double temperature() const { return m_temperature; }
  void setTemperature(double t);
  float logitScale() const { return m_logitScale; }

  void addTextEmbeddings(const TextEmbeddings& embeddings);
  bool hasEmbedding(const QString& prompt) const { return m_text.contains(prompt); }
  QStringList missingEmbeddings() const;  // prompts of the set without an embedding
  void clearEmbeddings();                 // a different CLIP model was loaded

  // The set once images of `newPrompts` are in the gallery: explicit sets
  // stay, the automatic one takes them in as the latest.
  QStringList promptsAfter(const QStringList& newPrompts) const;

  struct Scores {
    QVector<double> logits;         // logitScale · cos, per prompt of the set
    QVector<double> probabilities;  // softmax(logits / T)
  };
  // An image's scores over prompts(); empty when the image has no embedding
  // or a prompt of the set has none yet.
  Scores scores(const std::vector<float>& imageEmbedding) const;
  QVector<double> probabilities(const std::vector<float>& imageEmbedding) const {
    return scores(imageEmbedding).probabilities;
  }

 Q_SIGNALS:
  void changed();                                  // re-score everything
  void embeddingsNeeded(const QStringList& prompts);  // ask CLIP for these

 private:
  void announce(const QStringList& before);

  QStringList m_explicit;
  QStringList m_automatic;
  QHash<QString, std::vector<float>> m_text;
  float m_logitScale = 100.f;
  double m_temperature = kDefaultTemperature;
};

}  // namespace sd::ui
