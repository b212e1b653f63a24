#include "core/clip/clip_scorer.h"

#include <algorithm>
#include <cstring>

#include "core/clip/clip_model.h"
#include "core/image/image_io.h"
#include "core/nn/aten.h"
#include "core/nn/compute_device.h"
#include "core/nn/weight_loader.h"
#include "core/text/clip_tokenizer.h"
#include "core/text/prompt_syntax.h"
#include "core/util/error.h"
#include <ATen/ops/empty.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/isfinite.h>
#include <ATen/ops/stack.h>

// CLIPProcessor(text, images, padding=True) followed by CLIPModel, as in
// transformers 4.39 (processing_clip.py, modeling_clip.py).
namespace sd {

namespace {

constexpr int kDefaultMaxBatch = 16;

std::filesystem::path requireFile(const std::filesystem::path& folder, const char* name, const char* what) {
  const auto path = folder / name;
  if (!std::filesystem::is_regular_file(path))
    throw Error("CLIP model folder " + folder.string() + ": " + name + " (" + what + ") is missing");
  return path;
}

// Non-finite embeddings (fp16 overflow, a broken BLAS) would silently turn
// every bar of the gallery into NaN: refuse them here instead.
std::vector<ClipEmbedding> toEmbeddings(const at::Tensor& unit, const char* what) {
  const auto cpu = unit.to(at::kCPU, at::kFloat).contiguous();
  if (!cpu.isfinite().all().item<bool>())
    throw Error(std::string("CLIP produced non-finite ") + what + " embeddings; try --device cpu (float32)");
  const int64_t rows = cpu.size(0), dim = cpu.size(1);
  std::vector<ClipEmbedding> out(rows, ClipEmbedding(dim));
  for (int64_t r = 0; r < rows; ++r) std::memcpy(out[r].data(), cpu.data_ptr<float>() + r * dim, dim * sizeof(float));
  return out;
}

}  // namespace

struct ClipScorer::Impl {
  Impl(const std::filesystem::path& folder, DevicePreference preference)
      : config(readClipModelConfig(requireFile(folder, "config.json", "the CLIPModel config"))),
        processor(readClipImageProcessorConfig(
            requireFile(folder, "preprocessor_config.json", "the CLIPImageProcessor settings"))),
        tokenizer(ClipTokenizer::fromFolder(folder)),
        device(exactNetworks(resolveComputeDevice(preference))),
        model(std::make_unique<ClipModel>(config)) {
    const auto croppedTo = processor.doCenterCrop ? std::pair{processor.cropWidth, processor.cropHeight}
                                                  : std::pair{processor.resizeWidth, processor.resizeHeight};
    if (croppedTo.first != config.vision.imageSize || croppedTo.second != config.vision.imageSize)
      throw Error("CLIP model folder " + folder.string() + ": preprocessor_config.json makes " +
                  std::to_string(croppedTo.first) + "x" + std::to_string(croppedTo.second) +
                  " images but config.json's vision tower takes " + std::to_string(config.vision.imageSize) + "x" +
                  std::to_string(config.vision.imageSize));
    if (!std::filesystem::exists(folder / "model.safetensors") && std::filesystem::exists(folder / "pytorch_model.bin"))
      throw Error("CLIP model folder " + folder.string() + " has only pytorch_model.bin: pickle checkpoints can run "
                  "code when loaded and are not read; use the model.safetensors of the same release");
    weights.addFile(requireFile(folder, "model.safetensors", "the weights"));
    loadWeights(*model, weights, {device.device, device.dtype}, "CLIP model");
    c10::InferenceMode guard;
    logitScale = model->logitScaleExp().item<float>();
  }

  at::Tensor pixelBatch(const std::vector<const RgbImage*>& images) const {
    std::vector<at::Tensor> planes;
    planes.reserve(images.size());
    for (const auto* image : images) {
      auto p = preprocessForClip(*image, processor);
      planes.push_back(at::from_blob(p.pixelValues.data(), {3, p.height, p.width}, at::kFloat).clone());
    }
    return at::stack(planes);
  }

  std::vector<ClipEmbedding> embed(const std::vector<const RgbImage*>& images) const {
    c10::InferenceMode guard;
    return toEmbeddings(ClipModel::normalize(model->imageFeatures(pixelBatch(images))), "image");
  }

  ClipModelConfig config;
  ClipImageProcessorConfig processor;
  ClipTokenizer tokenizer;
  ComputeDevice device;
  std::unique_ptr<ClipModel> model;
  WeightSource weights;  // the files the weights were read from (copied at load: nothing maps them)
  float logitScale = 0;
  int maxBatch = kDefaultMaxBatch;
};

std::unique_ptr<ClipScorer> ClipScorer::load(const std::filesystem::path& folder, DevicePreference device) {
  if (!std::filesystem::is_directory(folder)) throw Error("CLIP model folder " + folder.string() + " does not exist");
  return std::unique_ptr<ClipScorer>(new ClipScorer(std::make_unique<Impl>(folder, device)));
}

ClipScorer::ClipScorer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
ClipScorer::~ClipScorer() = default;

std::vector<ClipEmbedding> ClipScorer::embedImages(const std::vector<RgbImage>& images) const {
  std::vector<ClipEmbedding> out;
  out.reserve(images.size());
  for (std::size_t start = 0; start < images.size(); start += m_impl->maxBatch) {
    std::vector<const RgbImage*> chunk;
    for (std::size_t i = start; i < std::min(images.size(), start + m_impl->maxBatch); ++i) chunk.push_back(&images[i]);
    for (auto& e : m_impl->embed(chunk)) out.push_back(std::move(e));
  }
  return out;
}

std::vector<ClipEmbedding> ClipScorer::embedImageFiles(const std::vector<std::filesystem::path>& files) const {
  // Loads one batch at a time so a large gallery never sits in memory at once.
  std::vector<ClipEmbedding> out;
  out.reserve(files.size());
  for (std::size_t start = 0; start < files.size(); start += m_impl->maxBatch) {
    std::vector<RgbImage> images;
    for (std::size_t i = start; i < std::min(files.size(), start + m_impl->maxBatch); ++i)
      images.push_back(loadRgbImage(files[i]));
    for (auto& e : embedImages(images)) out.push_back(std::move(e));
  }
  return out;
}

std::vector<ClipEmbedding> ClipScorer::embedTexts(const std::vector<std::string>& prompts) const {
  std::vector<ClipEmbedding> out;
  out.reserve(prompts.size());
  const auto& tokenizer = m_impl->tokenizer;
  const int positions = std::min(tokenizer.maxLength(), m_impl->config.text.maxPositionEmbeddings);
  for (std::size_t start = 0; start < prompts.size(); start += m_impl->maxBatch) {
    const std::size_t count = std::min(prompts.size() - start, static_cast<std::size_t>(m_impl->maxBatch));
    std::vector<TokenizedPrompt> encoded;
    int64_t longest = 1;
    for (std::size_t i = 0; i < count; ++i) {
      encoded.push_back(tokenizer.encodeForModel(promptPlainText(prompts[start + i])));
      const auto& mask = encoded.back().attentionMask;
      longest = std::max<int64_t>(longest, std::count(mask.begin(), mask.end(), int64_t{1}));
    }
    longest = std::min<int64_t>(longest, positions);
    // padding=True: pad to the longest prompt of the batch, mask the rest.
    auto ids = at::empty({static_cast<int64_t>(count), longest}, at::kLong);
    auto mask = at::empty({static_cast<int64_t>(count), longest}, at::kLong);
    for (std::size_t i = 0; i < count; ++i) {
      std::memcpy(ids.data_ptr<int64_t>() + i * longest, encoded[i].inputIds.data(), longest * sizeof(int64_t));
      std::memcpy(mask.data_ptr<int64_t>() + i * longest, encoded[i].attentionMask.data(), longest * sizeof(int64_t));
    }
    c10::InferenceMode guard;
    const auto unit = ClipModel::normalize(m_impl->model->textFeatures(ids, mask));
    for (auto& e : toEmbeddings(unit, "text")) out.push_back(std::move(e));
  }
  return out;
}

PromptTruncation ClipScorer::truncation(const std::string& prompt) const {
  return scoringTruncation(m_impl->tokenizer, prompt);
}

float ClipScorer::logitScale() const { return m_impl->logitScale; }
int ClipScorer::embeddingSize() const { return m_impl->config.projectionDim; }

ClipScoreResult ClipScorer::score(const std::vector<RgbImage>& images, const std::vector<std::string>& prompts,
                                  float temperature) const {
  softmaxWithTemperature({}, temperature);  // rejects a bad temperature before any work
  ClipScoreResult result;
  result.imageEmbeddings = embedImages(images);
  result.textEmbeddings = embedTexts(prompts);
  result.logitScale = m_impl->logitScale;
  result.scores = clipScores(result.imageEmbeddings, result.textEmbeddings, result.logitScale, temperature);
  return result;
}

ClipPreprocessed ClipScorer::preprocess(const RgbImage& image) const { return preprocessForClip(image, m_impl->processor); }
const ClipImageProcessorConfig& ClipScorer::imageProcessorConfig() const { return m_impl->processor; }
int ClipScorer::maxBatch() const { return m_impl->maxBatch; }

void ClipScorer::setMaxBatch(int images) {
  if (images < 1) throw Error("CLIP: the batch size must be at least 1, got " + std::to_string(images));
  m_impl->maxBatch = images;
}

std::string ClipScorer::deviceDescription() const { return m_impl->device.describe(); }

}  // namespace sd
