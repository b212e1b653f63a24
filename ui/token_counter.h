#pragma once
// Measures a prompt for the live "n/75" counter with the tokenizer of the
// loaded model (core's ClipTokenizer is thread-safe and Qt-free; loading it
// takes a fraction of a second). A1111 style: emphasis parsed, a prompt
// past 75 tokens read whole in 75-token chunks, so the counter shows
// "n/150" and its tooltip where each chunk starts and what CLIP scoring,
// which reads 75 tokens, leaves out.
#include <QString>
#include <memory>

namespace sd {
class ClipTokenizer;
}

namespace sd::ui {

struct PromptLength {
  int tokens = -1;     // A1111's count; -1 when no tokenizer is loaded
  int capacity = 75;   // the tokens rounded up to whole chunks of 75
  int chunks = 1;
  bool scoringTruncated = false;  // CLIP scores only its first 75 tokens
  QString details;     // for the tooltip
};

class TokenCounter {
 public:
  static constexpr int kWindow = 75;  // 77 minus BOS and EOS

  TokenCounter();
  ~TokenCounter();
  // A tokenizer folder (vocab.json + merges.txt), a diffusers model folder
  // (uses its tokenizer/), or a CLIP folder. Returns false when none is found.
  bool load(const QString& path);
  bool isLoaded() const { return m_tokenizer != nullptr; }
  PromptLength measure(const QString& prompt) const;
  // Tokens of the prompt's plain text, which CLIP scoring reads 75 of (0 when not loaded).
  int scoringTokens(const QString& prompt) const;

 private:
  std::shared_ptr<const ClipTokenizer> m_tokenizer;
};

}  // namespace sd::ui
