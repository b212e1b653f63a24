#pragma once
// The gallery folders on disk, shared by two threads: the inference worker
// adds each finished image, the window deletes images and keeps their stored
// CLIP scores in step with the bars it shows. GalleryStore is single-writer;
// this is its one lock, held for one file at a time so the window never
// waits long.
#include <QStringList>
#include <QVector>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "core/gallery/gallery_store.h"

namespace sd::ui {

// The bars of one image as the gallery draws them: what its file should hold.
struct StoredScores {
  QString filePath;
  QStringList prompts;
  QVector<double> probabilities;
  QVector<double> logits;
  double temperature = 10.0;
  double logitScale = 100.0;
  // Per prompt, its tokens, and how many of them CLIP scoring reads: the
  // exports mark a prompt scored on its beginning only. Empty when unknown.
  QVector<int> promptTokens;
  int tokenLimit = 0;
};

class GalleryFiles {
 public:
  // Writes the PNG and its index entry into `folder`; returns the file.
  std::filesystem::path add(const std::filesystem::path& folder, const RgbImage& image, const ImageRecipe& recipe);
  // Drops the file's entry from its folder's index, leaving the file to the
  // caller; false when no gallery lists it.
  bool forget(const std::filesystem::path& file);
  // Puts the scores into each file's recipe (PNG text and index); returns
  // the errors, one line each. Files no gallery lists are skipped.
  QStringList storeScores(const QVector<StoredScores>& scores);

 private:
  GalleryStore& storeFor(const std::filesystem::path& folder);  // with m_mutex held

  std::mutex m_mutex;
  std::map<std::filesystem::path, std::unique_ptr<GalleryStore>> m_stores;
};

}  // namespace sd::ui
