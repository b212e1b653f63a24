#include "core/text/prompt_chunks.h"

#include <algorithm>

#include "core/text/clip_tokenizer.h"
#include "core/text/prompt_syntax.h"

namespace sd {

namespace {

// Fills chunks token by token; the member names follow tokenize_line's.
class Chunker {
 public:
  Chunker(const ClipTokenizer& tokenizer, const ChunkingOptions& options)
      : m_tokenizer(tokenizer), m_options(options), m_length(tokenizer.maxLength() - 2) {
    const auto comma = tokenizer.encode(",");
    m_comma = comma.size() == 1 ? comma.front() : -1;
    m_result.chunkLength = m_length;
  }

  PromptChunks run(std::string_view prompt) {
    for (const auto& fragment : parsePromptWeights(prompt)) {
      if (fragment.isBreak) {
        nextChunk(false);
        continue;
      }
      const auto weight = static_cast<float>(fragment.weight);
      for (const auto token : m_tokenizer.encode(fragment.text)) add(token, weight);
    }
    if (!m_tokens.empty() || m_result.chunks.empty()) nextChunk(true);
    return std::move(m_result);
  }

 private:
  void add(int64_t token, float weight) {
    const auto size = static_cast<int>(m_tokens.size());
    if (token == m_comma) {
      m_lastComma = size;
    } else if (m_options.commaBacktrack > 0 && size == m_length && m_lastComma >= 0 &&
               size - m_lastComma <= m_options.commaBacktrack) {
      // Move the words after the last comma to the next chunk.
      const auto cut = static_cast<std::ptrdiff_t>(m_lastComma + 1);
      std::vector<int64_t> tokens(m_tokens.begin() + cut, m_tokens.end());
      std::vector<float> weights(m_weights.begin() + cut, m_weights.end());
      m_tokens.resize(static_cast<std::size_t>(cut));
      m_weights.resize(static_cast<std::size_t>(cut));
      nextChunk(false);
      m_tokens = std::move(tokens);
      m_weights = std::move(weights);
    }
    if (static_cast<int>(m_tokens.size()) == m_length) nextChunk(false);
    m_tokens.push_back(token);
    m_weights.push_back(weight);
  }

  // Closes the chunk under way: padded to 75, framed to 77. Only the last
  // chunk counts its own tokens; the others count as full (A1111's count).
  void nextChunk(bool last) {
    PromptChunk chunk;
    chunk.contentTokens = static_cast<int>(m_tokens.size());
    m_result.tokenCount += last ? chunk.contentTokens : m_length;
    chunk.ids.reserve(static_cast<std::size_t>(m_length) + 2);
    chunk.ids.push_back(m_tokenizer.bosId());
    chunk.ids.insert(chunk.ids.end(), m_tokens.begin(), m_tokens.end());
    chunk.ids.push_back(m_tokenizer.eosId());
    // Padding: A1111 pads with the end token, then sets everything after the
    // first end token to the pad token (the same for SD v1).
    chunk.ids.resize(static_cast<std::size_t>(m_length) + 2, m_tokenizer.padId());
    chunk.multipliers.assign(chunk.ids.size(), 1.0f);
    std::copy(m_weights.begin(), m_weights.end(), chunk.multipliers.begin() + 1);
    m_result.chunks.push_back(std::move(chunk));
    m_tokens.clear();
    m_weights.clear();
    m_lastComma = -1;
  }

  const ClipTokenizer& m_tokenizer;
  const ChunkingOptions& m_options;
  const int m_length;
  int64_t m_comma = -1;
  int m_lastComma = -1;
  std::vector<int64_t> m_tokens;
  std::vector<float> m_weights;
  PromptChunks m_result;
};

}  // namespace

int PromptChunks::capacity() const {
  const int n = std::max(tokenCount, 1);
  return (n + chunkLength - 1) / chunkLength * chunkLength;
}

bool PromptChunks::weighted() const {
  for (const auto& chunk : chunks)
    if (std::any_of(chunk.multipliers.begin(), chunk.multipliers.end(), [](float m) { return m != 1.0f; })) return true;
  return false;
}

PromptChunks chunkPrompt(const ClipTokenizer& tokenizer, std::string_view prompt, const ChunkingOptions& options) {
  return Chunker(tokenizer, options).run(prompt);
}

PromptChunk emptyChunk(const ClipTokenizer& tokenizer) { return chunkPrompt(tokenizer, "").chunks.front(); }

}  // namespace sd
