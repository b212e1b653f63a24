#pragma once
// The studio's CLIP: loads a transformers CLIPModel folder and turns images
// and prompts into unit embeddings and probability rows. No torch in this
// header (pimpl), so the window and the worker can hold one.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/clip/clip_scores.h"
#include "core/image/clip_preprocess.h"
#include "core/image/rgb_image.h"
#include "core/nn/device_preference.h"
#include "core/text/prompt_truncation.h"

namespace sd {

struct ClipScoreResult {
  std::vector<ClipEmbedding> imageEmbeddings;  // one per image, in order
  std::vector<ClipEmbedding> textEmbeddings;   // one per prompt, in order
  float logitScale = 0;                        // exp(logit_scale)
  ClipScores scores;                           // [images][prompts]
};

// Matches transformers' CLIPProcessor + CLIPModel (padding=True, the padding
// mask passed to the text tower). A prompt is scored on its plain text (A1111
// emphasis syntax removed: CLIP knows nothing of weights), truncated to the
// text tower's 75 content tokens (truncation() says what is left out).
// Const methods may be called from several threads.
class ClipScorer {
 public:
  // `folder` holds model.safetensors, config.json, preprocessor_config.json,
  // vocab.json and merges.txt (openai/clip-vit-base-patch32's layout).
  // Errors name the missing or faulty file. On CUDA the model runs in fp16.
  static std::unique_ptr<ClipScorer> load(const std::filesystem::path& folder,
                                          DevicePreference device = DevicePreference::Auto);
  ~ClipScorer();
  ClipScorer(const ClipScorer&) = delete;
  ClipScorer& operator=(const ClipScorer&) = delete;

  // Unit-length embeddings, computed in batches of at most maxBatch().
  std::vector<ClipEmbedding> embedImages(const std::vector<RgbImage>& images) const;
  std::vector<ClipEmbedding> embedImageFiles(const std::vector<std::filesystem::path>& files) const;
  std::vector<ClipEmbedding> embedTexts(const std::vector<std::string>& prompts) const;

  // What of a prompt's plain text lies past the text tower's 75 tokens.
  PromptTruncation truncation(const std::string& prompt) const;

  float logitScale() const;  // exp(logit_scale), e.g. 100 for the released ViT-B/32
  int embeddingSize() const;  // projection_dim

  // Embeds both sides and scores them with clipScores().
  ClipScoreResult score(const std::vector<RgbImage>& images, const std::vector<std::string>& prompts,
                        float temperature = kDefaultClipTemperature) const;

  // CLIPImageProcessor on one image (every stage), as embedImages sees it.
  ClipPreprocessed preprocess(const RgbImage& image) const;
  const ClipImageProcessorConfig& imageProcessorConfig() const;

  int maxBatch() const;
  void setMaxBatch(int images);  // ≥ 1; bounds memory per forward pass
  std::string deviceDescription() const;  // "cpu (float32)", "cuda:0 (float16)"

 private:
  struct Impl;
  explicit ClipScorer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace sd
