#pragma once
// transformers CLIPConfig (a CLIPModel's config.json): the text tower, the
// vision tower and the shared projection. Defaults are transformers'
// CLIPConfig defaults, i.e. openai/clip-vit-base-patch32.
#include <filesystem>
#include <string>

#include "core/models/model_config.h"

namespace sd {

struct ClipVisionConfig {
  int hiddenSize = 768;
  int intermediateSize = 3072;
  int numHiddenLayers = 12;
  int numAttentionHeads = 12;
  int numChannels = 3;
  int imageSize = 224;
  int patchSize = 32;
  std::string hiddenAct = "quick_gelu";
  double layerNormEps = 1e-5;

  int patchesPerSide() const { return imageSize / patchSize; }
  int positions() const { return patchesPerSide() * patchesPerSide() + 1; }  // + class token
};

struct ClipModelConfig {
  ClipTextConfig text;
  ClipVisionConfig vision;
  int projectionDim = 512;
  // Only the initial value for training: the loaded weight is what counts.
  double logitScaleInitValue = 2.6592;
};

// transformers' CLIPTextConfig defaults (ViT-B/32's text tower), which differ
// from SD v1.4's text encoder defaults of ClipTextConfig.
ClipTextConfig clipTextConfigDefaults();
ClipModelConfig clipModelConfigDefaults();

// Missing keys take the defaults above; errors name the file and key.
ClipModelConfig readClipModelConfig(const std::filesystem::path& configJson);

}  // namespace sd
