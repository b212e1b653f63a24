#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/text/text_normalizer.h"  // cleanPromptText: what the BPE sees

namespace sd {

// One prompt framed the way StableDiffusionPipeline feeds CLIP's text encoder.
struct TokenizedPrompt {
  std::vector<int64_t> inputIds;       // maxLength ids: BOS, content[:maxLength-2], EOS, padding
  std::vector<int64_t> attentionMask;  // 1 up to and including EOS, 0 for padding
  int contentTokens = 0;               // tokens of the text before truncation ("n/75" counter)
  bool truncated = false;
};

// CLIP's byte-level BPE tokenizer, a port of openai CLIP's
// clip/simple_tokenizer.py (which transformers' CLIPTokenizer matches when
// ftfy is installed, as in the SD v1.4 pipeline).
//
// Thread-safe: const methods may run concurrently (the GUI's live token
// counter and the inference thread share one instance); the BPE cache is
// guarded by a mutex.
class ClipTokenizer {
 public:
  static constexpr int kDefaultMaxLength = 77;

  // Loads vocab.json and merges.txt, plus model_max_length and pad_token from
  // tokenizer_config.json when present. Errors name the file at fault.
  static ClipTokenizer fromFolder(const std::filesystem::path& dir);

  // merges in priority order (rank = index). padToken defaults to SD v1.4's.
  ClipTokenizer(std::unordered_map<std::string, int64_t> vocab,
                std::vector<std::pair<std::string, std::string>> merges, int maxLength = kDefaultMaxLength,
                std::string_view padToken = "<|endoftext|>");
  ~ClipTokenizer();
  ClipTokenizer(ClipTokenizer&&) noexcept;
  ClipTokenizer& operator=(ClipTokenizer&&) noexcept;

  // SimpleTokenizer.encode: token ids of the cleaned text, no BOS/EOS.
  std::vector<int64_t> encode(std::string_view text) const;
  // [BOS] + encode(text)[:maxLength-2] + [EOS], padded with padId to maxLength.
  TokenizedPrompt encodeForModel(std::string_view text) const;
  std::vector<TokenizedPrompt> encodeBatch(const std::vector<std::string>& texts) const;
  // SimpleTokenizer.decode: bytes back to UTF-8, each "</w>" becomes a space
  // (so a decoded prompt ends with one). Unknown ids are an sd::Error.
  std::string decode(const std::vector<int64_t>& ids) const;

  int64_t bosId() const;
  int64_t eosId() const;
  int64_t padId() const;
  int maxLength() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace sd
