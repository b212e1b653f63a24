#pragma once
// Measures a prompt for the live "n/75" counter with the tokenizer of the
// loaded model, which the engine hands over when it has loaded the model
// (core's ClipTokenizer is immutable and Qt-free, so the GUI thread may use
// it; it never reads files itself). A1111 style: emphasis parsed, a prompt
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
  // The loaded model's tokenizer (ModelSummary::tokenizer); null: none.
  void setTokenizer(std::shared_ptr<const ClipTokenizer> tokenizer) { m_tokenizer = std::move(tokenizer); }
  bool isLoaded() const { return m_tokenizer != nullptr; }
  PromptLength measure(const QString& prompt) const;
  // Tokens of the prompt's plain text, which CLIP scoring reads 75 of (0 when not loaded).
  int scoringTokens(const QString& prompt) const;

 private:
  std::shared_ptr<const ClipTokenizer> m_tokenizer;
};

}  // namespace sd::ui
