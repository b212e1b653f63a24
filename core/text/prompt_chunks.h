#pragma once
// A prompt as the text encoder reads it, A1111 style: its emphasis parsed,
// its tokens cut into chunks of 75, each chunk framed with start and end
// tokens to 77, one weight per token. Ported from the behaviour of
// stable-diffusion-webui's modules/sd_hijack_clip.py (tokenize_line), with
// its "Prompt word wrap length limit" (comma_padding_backtrack, default 20):
// when a chunk fills up and a comma is among its last 20 tokens, the words
// after that comma move to the next chunk. The pipeline encodes each chunk
// alone and concatenates them (77·k context tokens).
#include <cstdint>
#include <string_view>
#include <vector>

namespace sd {

class ClipTokenizer;

struct ChunkingOptions {
  int commaBacktrack = 20;  // 0 turns the comma rule off
};

struct PromptChunk {
  std::vector<int64_t> ids;        // maxLength ids: BOS, content, EOS, padding
  std::vector<float> multipliers;  // one per id; 1 for BOS, EOS and padding
  int contentTokens = 0;           // prompt tokens in this chunk (≤ 75)
};

struct PromptChunks {
  std::vector<PromptChunk> chunks;  // never empty
  // A1111's count: 75 for every chunk that a full chunk or BREAK closed,
  // plus the tokens of the last one (the "n" of its "n/150" counter).
  int tokenCount = 0;
  int chunkLength = 75;  // content tokens per chunk (maxLength − 2)
  // The counter's denominator: tokenCount rounded up to whole chunks (≥ 1).
  int capacity() const;
  bool weighted() const;  // some multiplier ≠ 1
};

PromptChunks chunkPrompt(const ClipTokenizer& tokenizer, std::string_view prompt, const ChunkingOptions& options = {});

// The chunk of nothing (BOS, then end tokens): what pads a shorter prompt of
// a pair to the other's chunk count, as A1111's pad_cond_uncond does.
PromptChunk emptyChunk(const ClipTokenizer& tokenizer);

}  // namespace sd
