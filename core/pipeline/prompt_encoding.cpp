#include "core/pipeline/prompt_encoding.h"

#include <algorithm>

#include <ATen/ops/cat.h>
#include <ATen/ops/tensor.h>

#include "core/models/clip_text_model.h"
#include "core/pipeline/sd_components.h"

namespace sd {

namespace {

at::Tensor applyWeights(at::Tensor z, const PromptChunk& chunk) {
  const auto weights = at::tensor(chunk.multipliers, at::kFloat).to(z.device()).view({1, -1, 1});
  // One chunk at a time and a full mean, as A1111's z.mean() over its batch of one.
  const auto originalMean = z.mean();
  z = z * weights;
  const auto newMean = z.mean();
  return z * (originalMean / newMean);
}

// Each prompt's chunks followed by empty chunks up to `count`.
at::Tensor encodePadded(SdComponents& model, const std::vector<PromptChunks>& prompts, std::size_t count,
                        int clipSkip) {
  std::vector<PromptChunk> chunks;
  const auto empty = emptyChunk(*model.tokenizer);
  for (const auto& prompt : prompts) {
    chunks.insert(chunks.end(), prompt.chunks.begin(), prompt.chunks.end());
    chunks.insert(chunks.end(), count - prompt.chunks.size(), empty);
  }
  const auto z = encodeChunks(model.textEncoder->text_model, chunks, clipSkip, model.compute.device);
  // [N·k, 77, C] → [N, k·77, C]: a prompt's chunks side by side along the tokens
  return z.reshape({static_cast<int64_t>(prompts.size()), -1, z.size(2)}).to(model.compute.dtype);
}

}  // namespace

at::Tensor encodeChunks(const ClipTextTransformer& encoder, const std::vector<PromptChunk>& chunks, int clipSkip,
                        const at::Device& device) {
  std::vector<int64_t> ids;
  for (const auto& chunk : chunks) ids.insert(ids.end(), chunk.ids.begin(), chunk.ids.end());
  const auto length = static_cast<int64_t>(chunks.front().ids.size());
  const auto input = at::tensor(ids, at::kLong).view({static_cast<int64_t>(chunks.size()), length});
  // No attention mask: the SD v1 pipeline lets padding take part (README §3).
  auto z = encoder.forward(input.to(device), {}, clipSkip - 1).lastHiddenState.to(at::kFloat);
  std::vector<at::Tensor> rows;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const auto& m = chunks[i].multipliers;
    if (std::any_of(m.begin(), m.end(), [](float w) { return w != 1.0f; }))
      rows.push_back(applyWeights(z.narrow(0, static_cast<int64_t>(i), 1), chunks[i]));
    else
      rows.push_back(z.narrow(0, static_cast<int64_t>(i), 1));
  }
  return rows.size() == 1 ? rows.front() : at::cat(rows, 0);
}

Conditioning encodeConditioning(SdComponents& model, const std::vector<std::string>& prompts,
                                const std::string* negativePrompt, int clipSkip) {
  std::vector<PromptChunks> chunked;
  for (const auto& p : prompts) chunked.push_back(chunkPrompt(*model.tokenizer, p));
  std::size_t count = 1;
  for (const auto& c : chunked) count = std::max(count, c.chunks.size());
  Conditioning out;
  if (negativePrompt) {
    // The negative repeated per image, as diffusers' [negative_prompt] * batch.
    const std::vector<PromptChunks> negatives(prompts.size(), chunkPrompt(*model.tokenizer, *negativePrompt));
    count = std::max(count, negatives.front().chunks.size());
    out.negative = encodePadded(model, negatives, count, clipSkip);
  }
  out.prompts = encodePadded(model, chunked, count, clipSkip);
  return out;
}

}  // namespace sd
