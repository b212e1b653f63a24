#pragma once
// Typed configs of the Stable Diffusion components, read from the
// config.json files of a diffusers folder. Defaults are SD v1.4's, so a
// missing key means what it means in the SD v1.4 release.
#include <filesystem>
#include <string>
#include <vector>

namespace sd {

// transformers CLIPTextConfig (SD v1.4: ViT-L/14's text tower).
struct ClipTextConfig {
  int vocabSize = 49408;
  int hiddenSize = 768;
  int intermediateSize = 3072;
  int numHiddenLayers = 12;
  int numAttentionHeads = 12;
  int maxPositionEmbeddings = 77;
  std::string hiddenAct = "quick_gelu";
  double layerNormEps = 1e-5;
  int projectionDim = 768;  // used by CLIPModel's text projection only
  int eosTokenId = 2;       // 2 = legacy: pool at argmax(input_ids)
};

// diffusers UNet2DConditionModel, the SD 1.x subset.
struct UNetConfig {
  int inChannels = 4;
  int outChannels = 4;
  std::vector<std::string> downBlockTypes{"CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D",
                                          "DownBlock2D"};
  std::vector<std::string> upBlockTypes{"UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D",
                                        "CrossAttnUpBlock2D"};
  std::string midBlockType = "UNetMidBlock2DCrossAttn";
  std::vector<int> blockOutChannels{320, 640, 1280, 1280};
  int layersPerBlock = 2;
  int downsamplePadding = 1;
  double midBlockScaleFactor = 1.0;
  std::string actFn = "silu";
  int normNumGroups = 32;
  double normEps = 1e-5;
  int crossAttentionDim = 768;
  // SD 1.x: "attention_head_dim" holds the number of heads (diffusers' naming
  // bug); num_attention_heads, when set, wins.
  std::vector<int> attentionHeads{8, 8, 8, 8};
  int transformerLayersPerBlock = 1;
  bool useLinearProjection = false;
  bool flipSinToCos = true;
  int freqShift = 0;
  int sampleSize = 64;
  bool upcastAttention = false;
  int convInKernel = 3;
  int convOutKernel = 3;
};

// diffusers AutoencoderKL.
struct VaeConfig {
  int inChannels = 3;
  int outChannels = 3;
  int latentChannels = 4;
  std::vector<int> blockOutChannels{128, 256, 512, 512};
  int layersPerBlock = 2;
  int normNumGroups = 32;
  std::string actFn = "silu";
  double scalingFactor = 0.18215;
  int sampleSize = 512;
  bool forceUpcast = true;
  // Pixels per latent along a side: each block but the last halves the size
  // (8 for SD v1.x); the VAE, the pipeline and the window all ask here.
  int downscaleFactor() const { return 1 << (static_cast<int>(blockOutChannels.size()) - 1); }
};

// What a config may say, whatever the file: wide enough for every SD 1.x/2.x
// and CLIP architecture and their larger cousins (SDXL's 10 transformer
// layers per block, ViT-bigG's 48 layers of 1664), narrow enough that no
// config makes us build billions of layers or a vocabulary of 2^31 before
// a shape is compared with the weights.
namespace config_limits {
inline constexpr int kMaxWidth = 16384;         // hidden sizes, channels, cross-attention width
inline constexpr int kMaxFeedForward = 65536;   // intermediate_size
inline constexpr int kMaxLayers = 64;           // transformer layers of a tower
inline constexpr int kMaxHeads = 256;
inline constexpr int kMaxBlocks = 8;            // UNet/VAE resolution levels
inline constexpr int kMaxLayersPerBlock = 16;   // resnets or transformer layers per block
inline constexpr int kMaxImageChannels = 64;    // in/out/latent channels
inline constexpr int kMaxVocabulary = 1 << 20;
inline constexpr int kMaxPositions = 16384;
inline constexpr int kMaxSampleSize = 16384;
inline constexpr int kMaxKernel = 15;
}  // namespace config_limits

// An error naming the file and key unless lo <= value <= hi.
void requireWithin(int64_t value, int64_t lo, int64_t hi, const std::string& key, const std::filesystem::path& origin);

ClipTextConfig readClipTextConfig(const std::filesystem::path& configJson);
UNetConfig readUNetConfig(const std::filesystem::path& configJson);
VaeConfig readVaeConfig(const std::filesystem::path& configJson);

}  // namespace sd
