#include "app/studio/inference_worker.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <exception>

#include "core/clip/clip_scores.h"
#include "core/clip/recipe_scoring.h"
#include "core/metadata/model_hash.h"
#include "core/metadata/recipe_builder.h"
#include "core/schedulers/scheduler_names.h"
#include "core/util/error.h"
#include "ui/painting/image_convert.h"

namespace sd::studio {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }

QStringList scorePromptsOf(const ui::StudioJob& job) {
  if (!job.scorePrompts.isEmpty()) return job.scorePrompts;
  QStringList prompts;
  for (const auto& p : job.request.prompts) prompts << qs(p).trimmed();
  return prompts;
}

ui::ModelSummary summaryOf(const ModelInfo& info) {
  return {qs(info.name), qs(info.path), qs(info.format), qs(info.device), info.isDemo,
          info.sampleSize * info.vaeScaleFactor, info.tokenizer};
}

}  // namespace

InferenceWorker::InferenceWorker(EngineFactory engines, QObject* parent)
    : QObject(parent), m_engines(std::move(engines)) {}

InferenceWorker::~InferenceWorker() = default;

void InferenceWorker::requestCancel(int jobId) { m_cancelJobId.store(jobId); }

// A new model is loaded beside the current one and swapped in only once it
// loaded: a text file picked as a model, or a device this machine lacks,
// leaves the working model working (at the price of holding both while the
// new one loads).
void InferenceWorker::loadModel(const QString& path, int device) {
  Q_EMIT modelStatus(tr("Loading %1…").arg(QFileInfo(path).fileName()));
  try {
    auto loaded = m_engines.loadGenerator(path.toStdString(), DevicePreference(device),
                                          [this](const std::string& s) { Q_EMIT modelStatus(qs(s)); });
    m_generator = std::move(loaded);
    Q_EMIT modelLoaded(summaryOf(m_generator->info()));
  } catch (const std::exception& e) {
    Q_EMIT modelLoadFailed(tr("Could not load the model %1: %2").arg(path, QString::fromUtf8(e.what())));
  }
}

void InferenceWorker::loadClip(const QString& path, int device) {
  Q_EMIT modelStatus(tr("Loading CLIP %1…").arg(QFileInfo(path).fileName()));
  try {
    auto loaded = m_engines.loadScorer(path.toStdString(), DevicePreference(device));
    m_scorer = std::move(loaded);
    m_insight.clear();
    m_clipModelName = QFileInfo(path).fileName().toStdString();
    Q_EMIT clipLoaded({QFileInfo(path).fileName(), path, tr("CLIP"), {}, false, 224});
  } catch (const std::exception& e) {
    Q_EMIT clipLoadFailed(tr("Could not load the CLIP model %1: %2").arg(path, QString::fromUtf8(e.what())));
  }
}

void InferenceWorker::embedTexts(const QStringList& prompts) { embed(prompts); }

std::vector<std::vector<float>> InferenceWorker::embed(const QStringList& prompts) {
  if (!m_scorer || prompts.isEmpty()) return {};
  try {
    std::vector<std::string> texts;
    for (const QString& p : prompts) texts.push_back(p.toStdString());
    ui::TextEmbeddings out{prompts, m_scorer->embedTexts(texts), m_scorer->logitScale()};
    Q_EMIT textEmbeddingsReady(out);
    return out.embeddings;
  } catch (const std::exception& e) {
    Q_EMIT failed(tr("CLIP could not embed the prompts: %1").arg(QString::fromUtf8(e.what())));
    return {};
  }
}

void InferenceWorker::runJob(const ui::StudioJob& job) {
  if (m_cancelJobId.load() == job.id) {  // cancelled while it was on its way here
    Q_EMIT jobFinished(job.id, true);
    return;
  }
  if (!m_generator) {
    Q_EMIT failed(tr("No model is loaded: pick one in the Models panel."));
    Q_EMIT jobFinished(job.id, false);
    return;
  }
  Q_EMIT jobStarted(job.id);
  try {
    generateJob(job);
    Q_EMIT jobFinished(job.id, false);
  } catch (const Cancelled&) {
    Q_EMIT jobFinished(job.id, true);
  } catch (const std::exception& e) {
    Q_EMIT failed(QString::fromUtf8(e.what()));
    Q_EMIT jobFinished(job.id, false);
  }
}

void InferenceWorker::generateJob(const ui::StudioJob& job) {
  validateRequest(job.request);
  m_scoreEmbeddings = embed(scorePromptsOf(job));  // before the first image, so it arrives scorable

  GenerationCallbacks callbacks;
  callbacks.onStep = [this, &job](const StepProgress& progress) {
    Q_EMIT stepProgress(job.id, progress);
    return m_cancelJobId.load() != job.id;
  };
  callbacks.onImage = [this, &job](GeneratedImage&& image) {
    ui::GalleryItem item = finishImage(job, std::move(image));
    Q_EMIT imageReady(item);
  };
  callbacks.onStatus = [this](const std::string& s) { Q_EMIT modelStatus(qs(s)); };
  // A cancel lands between the model's layers, not after a whole step (a
  // minute at full size on a CPU), and a slow step shows its progress.
  callbacks.shouldStop = [this, &job] { return m_cancelJobId.load() == job.id; };
  callbacks.onWithinStep = [this, &job](const StepProgress& progress) { Q_EMIT stepProgress(job.id, progress); };
  // The score trajectory needs CLIP: without it the estimates would be decoded for nothing.
  GenerationRequest request = job.request;
  if (!m_scorer) request.trajectoryEvery = 0;
  // Linear previews come at most every 0.1 s (core's default: each one waits
  // for the device); a VAE preview every N steps is what the user asked for.
  if (job.request.previewDecodeEvery > 0) callbacks.previewIntervalSeconds = 0;
  m_generator->generate(request, callbacks);
}

ui::GalleryItem InferenceWorker::finishImage(const ui::StudioJob& job, GeneratedImage&& image) {
  ui::GalleryItem item;
  item.id = ui::newGalleryItemId();
  item.jobId = job.id;
  item.settings = job.request;
  item.settings.initImage.reset();  // pixels stay out of the gallery's settings
  item.settings.mask.reset();
  item.img2img = job.request.initImage.has_value();
  item.inpainted = job.request.mask.has_value();
  item.promptIndex = image.promptIndex;
  item.prompt = qs(job.request.prompts.at(image.promptIndex));
  item.seed = image.seed;
  item.variationSeed = image.variationSeed;
  item.seconds = image.seconds;
  item.addedAtMs = QDateTime::currentMSecsSinceEpoch();
  item.modelName = qs(m_generator->info().name);
  item.modelHash = qs(currentModelHash());  // the window's model: filter reads it as the CLI's does
  item.image = ui::toQImage(image.image);
  scoreAndEmit(item, image.image, job);
  addInsight(item, image, job);
  item.filePath = saveImage(job, item, image);
  return item;
}

// Hashed once per model (the hash reads the weights' header), for the PNG
// and the gallery's model: filter alike.
const std::string& InferenceWorker::currentModelHash() {
  const auto& info = m_generator->info();
  if (m_modelHashFor != info.path) {
    m_modelHash = modelHash(info.path);
    m_modelHashFor = info.path;
  }
  return m_modelHash;
}

void InferenceWorker::scoreAndEmit(ui::GalleryItem& item, const RgbImage& pixels, const ui::StudioJob&) {
  if (!m_scorer) return;
  try {
    auto embeddings = m_scorer->embedImages({pixels});
    if (!embeddings.empty()) item.imageEmbedding = std::move(embeddings.front());
  } catch (const std::exception& e) {
    Q_EMIT failed(tr("CLIP could not score the image: %1").arg(QString::fromUtf8(e.what())));
  }
}

// Which words matter and the trajectory: the text tower once per prompt of
// the job, the vision tower once per recorded step, all on this thread.
void InferenceWorker::addInsight(ui::GalleryItem& item, const GeneratedImage& image, const ui::StudioJob& job) {
  const QStringList prompts = scorePromptsOf(job);
  if (!m_scorer || item.imageEmbedding.empty() || m_scoreEmbeddings.size() != std::size_t(prompts.size())) return;
  try {
    ImageInsightInput in;
    in.image = item.imageEmbedding;
    in.estimates = &image.estimates;
    in.prompt = item.prompt.trimmed().toStdString();  // as scorePromptsOf() puts it in the set
    for (const QString& p : prompts) in.comparisonPrompts.push_back(p.toStdString());
    in.comparison = m_scoreEmbeddings;
    in.temperature = float(job.temperature);
    in.decoder = estimateDecoderName(job.request.trajectoryDecoder);
    auto insight = m_insight.compute(*m_scorer, in);
    item.explanation = std::move(insight.explanation);
    item.trajectory = std::move(insight.trajectory);
  } catch (const std::exception& e) {
    Q_EMIT failed(tr("CLIP could not explain the image: %1").arg(QString::fromUtf8(e.what())));
  }
}

// Each image goes through the shared gallery files: the PNG (A1111
// "parameters" + "sdstudio" JSON with the CLIP embedding and the scores
// against the prompts the gallery will show bars for) is written
// atomically, then the gallery index, so a crash loses nothing finished.
QString InferenceWorker::saveImage(const ui::StudioJob& job, ui::GalleryItem& item, const GeneratedImage& image) {
  if (job.outputDir.isEmpty()) return {};
  try {
    auto recipe = recipeFor(job.request, image, m_generator->info(), currentModelHash());
    const QStringList prompts = scorePromptsOf(job);
    if (!item.imageEmbedding.empty() && m_scorer && m_scoreEmbeddings.size() == std::size_t(prompts.size())) {
      ComparisonScoring comparison;
      comparison.clipModel = m_clipModelName;
      for (const QString& p : prompts) comparison.prompts.push_back(p.toStdString());
      comparison.promptEmbeddings = m_scoreEmbeddings;
      comparison.logitScale = m_scorer->logitScale();
      comparison.temperature = job.temperature;
      comparison.truncation = [this](const std::string& prompt) { return m_scorer->truncation(prompt); };
      auto clip = clipScoresFor(comparison, item.imageEmbedding);
      clip.explanation = item.explanation;
      addClipScores(recipe, clip);
      recipe.trajectory = item.trajectory;
      item.storedPrompts = prompts;
      item.storedProbabilities = QVector<double>(clip.probabilities.begin(), clip.probabilities.end());
    }
    return QString::fromStdString(m_files->add(job.outputDir.toStdString(), image.image, recipe).string());
  } catch (const std::exception& e) {
    Q_EMIT failed(tr("Could not save the image: %1").arg(QString::fromUtf8(e.what())));
    return {};
  }
}

}  // namespace sd::studio
