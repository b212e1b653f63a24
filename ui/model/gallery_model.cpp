#include "ui/model/gallery_model.h"

#include "core/schedulers/scheduler_names.h"

#include <algorithm>

#include "ui/model/comparison_set.h"
#include "ui/token_counter.h"

namespace sd::ui {

GalleryModel::GalleryModel(ComparisonSet* set, QObject* parent) : QAbstractListModel(parent), m_set(set) {
  connect(m_set, &ComparisonSet::changed, this, &GalleryModel::rescore);
}

// What tells two images of one seed apart: the variation seed and the
// img2img or inpainting strength (the file names say the same).
QString GalleryModel::caption(const GalleryItem& item) {
  QString text = tr("seed %1").arg(item.seed);
  const auto& s = item.settings;
  if (s.variationStrength > 0) text += tr(" · var %1 at %2").arg(item.variationSeed).arg(s.variationStrength);
  if (item.inpainted) text += tr(" · inpaint %1").arg(s.strength);
  else if (item.img2img) text += tr(" · img2img %1").arg(s.strength);
  return text;
}

int GalleryModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

QVariant GalleryModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const int row = index.row();
  const Row& r = m_rows[row];
  switch (role) {
    case Qt::DisplayRole:
    case PromptRole: return r.item.prompt;
    case Qt::ToolTipRole: {
      QString tip = tr("%1\n%2 · %3×%4 · %5 steps").arg(r.item.prompt).arg(caption(r.item))
          .arg(r.item.settings.width).arg(r.item.settings.height).arg(r.item.settings.steps);
      const QStringList set = m_set->prompts();
      for (int i = 0; i < r.probabilities.size() && i < set.size(); ++i) {
        tip += QStringLiteral("\n%1% — %2").arg(r.probabilities[i] * 100, 0, 'f', 1).arg(set[i]);
        const int tokens = scoringTokens(set[i]);
        if (tokens > TokenCounter::kWindow)
          tip += tr(" (scored on its first %1 of %2 tokens)").arg(TokenCounter::kWindow).arg(tokens);
      }
      const double m = margin(row);
      if (m > -2 && r.probabilities.size() > 1)
        tip += tr("\nMargin %1%2 points: own prompt minus the best other").arg(m >= 0 ? "+" : "").arg(m * 100, 0, 'f', 1);
      return tip;
    }
    case ItemIdRole: return r.item.id;
    case SeedRole: return qulonglong(r.item.seed);
    case ThumbnailRole: return r.thumbnail;
    case ImageRole: return r.item.image;
    case PromptSetRole: return m_set->prompts();
    case ProbabilitiesRole: {
      QVariantList list;
      for (double p : r.probabilities) list << p;
      return list;
    }
    case OwnIndexRole: return ownIndex(row);
    case OwnProbabilityRole: return ownProbability(row);
    case MarginRole: return margin(row);
    case FilePathRole: return r.item.filePath;
    case OrderRole: return r.order;
    case CaptionRole: return caption(r.item);
    default: return {};
  }
}

QHash<int, QByteArray> GalleryModel::roleNames() const {
  auto names = QAbstractListModel::roleNames();
  names.insert({{PromptRole, "prompt"}, {SeedRole, "seed"}, {ProbabilitiesRole, "probabilities"},
                {OwnProbabilityRole, "ownProbability"}, {MarginRole, "margin"}, {FilePathRole, "filePath"}});
  return names;
}

void GalleryModel::append(GalleryItem item) {
  Row row;
  row.thumbnail = item.image.isNull() ? QImage()
                                      : item.image.scaled(kThumbnailSize, kThumbnailSize, Qt::KeepAspectRatio,
                                                          Qt::SmoothTransformation);
  row.item = std::move(item);
  row.order = m_nextOrder++;
  row.probabilities = m_set->probabilities(row.item.imageEmbedding);
  const int at = int(m_rows.size());
  beginInsertRows({}, at, at);
  m_rows.push_back(std::move(row));
  endInsertRows();
  updateAutomaticSet();
}

bool GalleryModel::removeRowAt(int row) {
  if (row < 0 || row >= int(m_rows.size())) return false;
  beginRemoveRows({}, row, row);
  m_rows.erase(m_rows.begin() + row);
  endRemoveRows();
  updateAutomaticSet();
  return true;
}

void GalleryModel::clear() {
  if (m_rows.empty()) return;
  beginResetModel();
  m_rows.clear();
  endResetModel();
  updateAutomaticSet();
}

int GalleryModel::rowOfId(quint64 id) const {
  for (int i = 0; i < int(m_rows.size()); ++i)
    if (m_rows[i].item.id == id) return i;
  return -1;
}

void GalleryModel::setStoredScores(const QString& filePath, const QStringList& prompts,
                                   const QVector<double>& probabilities) {
  for (Row& r : m_rows) {
    if (r.item.filePath != filePath) continue;
    r.item.storedPrompts = prompts;
    r.item.storedProbabilities = probabilities;
  }
}

int GalleryModel::ownIndex(int row) const { return m_set->prompts().indexOf(m_rows[row].item.prompt.trimmed()); }

double GalleryModel::ownProbability(int row) const {
  const int own = ownIndex(row);
  const auto& p = m_rows[row].probabilities;
  return (own >= 0 && own < p.size()) ? p[own] : -1.0;
}

double GalleryModel::margin(int row) const {
  const int own = ownIndex(row);
  const auto& p = m_rows[row].probabilities;
  if (own < 0 || own >= p.size()) return -2.0;
  double bestOther = 0;
  for (int i = 0; i < p.size(); ++i)
    if (i != own) bestOther = std::max(bestOther, p[i]);
  return p[own] - bestOther;
}

QStringList GalleryModel::recentPrompts(int max) const {
  QStringList prompts;
  for (const Row& r : m_rows) {
    const QString p = r.item.prompt.trimmed();
    prompts.removeAll(p);
    prompts << p;
  }
  while (prompts.size() > max) prompts.removeFirst();
  return prompts;
}

ConfusionMatrix GalleryModel::confusion() const {
  QVector<ScoredImage> images;
  for (int i = 0; i < int(m_rows.size()); ++i)
    if (accepts(i)) images.push_back({ownIndex(i), m_rows[i].probabilities});
  return computeConfusion(m_set->prompts(), images);
}

QString GalleryModel::setFilter(const QString& query) {
  try {
    m_filter = parseGalleryFilter(query.toStdString());
  } catch (const std::exception& e) {
    return QString::fromUtf8(e.what());
  }
  Q_EMIT filterChanged();
  return {};
}

bool GalleryModel::accepts(int row) const {
  if (m_filter.empty()) return true;
  const GalleryItem& item = m_rows[row].item;
  GalleryFacts facts;
  facts.prompt = item.prompt.toStdString();
  facts.negativePrompt = item.settings.negativePrompt;
  facts.modelName = item.modelName.toStdString();
  facts.modelHash = item.modelHash.toStdString();
  facts.scheduler = schedulerId(item.settings.scheduler);
  facts.seed = item.seed;
  facts.width = item.settings.width;
  facts.height = item.settings.height;
  facts.steps = item.settings.steps;
  facts.cfgScale = item.settings.guidanceScale;
  facts.addedAtMs = item.addedAtMs;
  if (const double m = margin(row); m > -2) facts.margin = m;
  return matches(m_filter, facts);
}

int GalleryModel::acceptedCount() const {
  int n = 0;
  for (int i = 0; i < int(m_rows.size()); ++i) n += accepts(i);
  return n;
}

void GalleryModel::rescore() {
  for (Row& r : m_rows) r.probabilities = m_set->probabilities(r.item.imageEmbedding);
  if (!m_rows.empty()) Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1));
}

void GalleryModel::updateAutomaticSet() { m_set->setAutomaticPrompts(recentPrompts(ComparisonSet::kMaxPrompts)); }

}  // namespace sd::ui
