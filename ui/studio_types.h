#pragma once
// Value types that cross from the inference thread to the window (queued
// signals copy them), registered with Qt's meta-type system.
#include <QImage>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>
#include <memory>
#include <vector>

#include "core/pipeline/generation_request.h"
#include "core/metadata/prompt_insight.h"
#include "core/pipeline/generation_result.h"

namespace sd {
class ClipTokenizer;
}

namespace sd::ui {

// One queued request and where its images go.
struct StudioJob {
  int id = 0;
  GenerationRequest request;
  QString outputDir;  // PNGs are written here as they finish ("" = not saved)
  // The prompts the gallery will score its images against (its comparison
  // set once they are in), at this temperature: stored in each PNG so the
  // file's bars are the gallery's. Empty: the request's prompts.
  QStringList scorePrompts;
  double temperature = 10.0;
};

// One finished image with everything needed to show, re-score and reuse it.
struct GalleryItem {
  quint64 id = 0;  // unique in the session: from newGalleryItemId()
  int jobId = 0;
  GenerationRequest settings;  // the request it came from (init image dropped)
  bool img2img = false;
  bool inpainted = false;  // made with a mask (the mask itself is not kept)
  int promptIndex = 0;
  QString prompt;
  quint64 seed = 0;
  quint64 variationSeed = 0;  // its own, when settings.variationStrength > 0
  QImage image;
  std::vector<float> imageEmbedding;  // normalised CLIP embedding; empty without a CLIP model
  QString filePath;
  // The bars its file holds (so the gallery knows when to store new ones).
  QStringList storedPrompts;
  QVector<double> storedProbabilities;
  QString modelName;
  QString modelHash;  // A1111's short hash of the weights, as its PNG stores it ("" = unknown)
  double seconds = 0;
  qint64 addedAtMs = 0;  // when it joined the gallery (Unix ms; 0: unknown), for date: filters
  // Why it matches its prompt (issue 12), kept with its PNG: empty without CLIP.
  PromptExplanation explanation;  // which words matter
  ScoreTrajectory trajectory;     // CLIP scores of the x₀ estimate while it denoised
};

// The next gallery item id of this session. The one place ids are minted,
// by the worker for new images and by the window for reopened ones (any
// thread).
quint64 newGalleryItemId();

struct ModelSummary {
  QString name;
  QString path;
  QString format;
  QString device;
  bool isDemo = false;
  int nativeSize = 512;  // the size the model was trained at (sample_size × VAE factor)
  // A Stable Diffusion model's own tokenizer, for the token counter (none for CLIP).
  std::shared_ptr<const ClipTokenizer> tokenizer;
};

// CLIP text embeddings for some prompts, sent back so the window can score
// (and re-score) images without touching CLIP again.
struct TextEmbeddings {
  QStringList prompts;
  std::vector<std::vector<float>> embeddings;
  float logitScale = 100.f;
};

void registerStudioMetaTypes();

}  // namespace sd::ui

Q_DECLARE_METATYPE(sd::ui::StudioJob)
Q_DECLARE_METATYPE(sd::ui::GalleryItem)
Q_DECLARE_METATYPE(sd::ui::ModelSummary)
Q_DECLARE_METATYPE(sd::ui::TextEmbeddings)
Q_DECLARE_METATYPE(sd::StepProgress)
