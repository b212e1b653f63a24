#pragma once
// Text embeddings of prompts as A1111 makes them (internal to core): every
// prompt cut into 77-token chunks (core/text/prompt_chunks.h), each chunk
// through the text encoder, its emphasis weights applied, the chunks
// concatenated along the tokens. A prompt of up to 75 tokens without
// emphasis gives exactly diffusers' encode_prompt embeddings.
#include <string>
#include <vector>

#include "core/nn/aten.h"
#include "core/text/prompt_chunks.h"

namespace sd {

class ClipTextTransformer;
struct SdComponents;

// [N, 77, C] for N chunks, encoded together, with A1111 clip skip (1 = last
// layer). Weights follow A1111's "Original" emphasis: each token's
// embedding × its weight, then the chunk rescaled so that its mean over
// tokens and channels is the unweighted mean again. In float32 whatever the
// encoder's dtype; unweighted chunks pass through untouched.
at::Tensor encodeChunks(const ClipTextTransformer& encoder, const std::vector<PromptChunk>& chunks, int clipSkip,
                        const at::Device& device);

// Embeddings for guidance: the prompts [B, 77·k, C] and, when guided, the
// negative prompt repeated B times at the same length. k is the most chunks
// any of them needs; shorter ones are padded with the chunk of "" (A1111's
// pad_cond_uncond, also between prompts of one batch). In the model's dtype.
struct Conditioning {
  at::Tensor prompts;
  at::Tensor negative;  // undefined without guidance
};
Conditioning encodeConditioning(SdComponents& model, const std::vector<std::string>& prompts,
                                const std::string* negativePrompt, int clipSkip);

}  // namespace sd
