#pragma once
// Counts CLIP tokens of a prompt for the live "n/75" counter, with the
// tokenizer of the loaded model (core's ClipTokenizer is thread-safe and
// Qt-free; loading it takes a fraction of a second).
#include <QString>
#include <memory>

namespace sd {
class ClipTokenizer;
}

namespace sd::ui {

class TokenCounter {
 public:
  static constexpr int kWindow = 75;  // 77 minus BOS and EOS

  TokenCounter();
  ~TokenCounter();
  // A tokenizer folder (vocab.json + merges.txt), a diffusers model folder
  // (uses its tokenizer/), or a CLIP folder. Returns false when none is found.
  bool load(const QString& path);
  bool isLoaded() const { return m_tokenizer != nullptr; }
  int count(const QString& prompt) const;  // -1 when not loaded

 private:
  std::shared_ptr<const ClipTokenizer> m_tokenizer;
};

}  // namespace sd::ui
