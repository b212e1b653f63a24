#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sd::text {

// GPT-2/CLIP byte-level BPE over one pre-tokenized word: the word's UTF-8
// bytes become printable stand-in characters (bytes_to_unicode), the last one
// carrying "</w>", then the lowest-ranked adjacent pair is merged until no
// ranked pair is left (simple_tokenizer.py's SimpleTokenizer.bpe). Symbols are
// handled as vocabulary ids, which is equivalent because every symbol the
// algorithm can produce is a vocabulary entry (checked at construction).
//
// appendWordIds() and decodeBytes() are thread-safe; results per word are
// cached behind a mutex.
class BpeModel {
 public:
  BpeModel(std::unordered_map<std::string, int64_t> vocab,
           const std::vector<std::pair<std::string, std::string>>& merges);
  ~BpeModel();
  BpeModel(BpeModel&&) noexcept;
  BpeModel& operator=(BpeModel&&) noexcept;

  std::optional<int64_t> tokenId(std::string_view token) const;
  // A word equal to `token` maps straight to its id instead of going through
  // BPE (openai seeds its cache this way for <|startoftext|>, <|endoftext|>).
  // Setup only: not safe while other threads encode.
  void addSpecialToken(std::string_view token);

  // Appends the ids of one pre-token (UTF-8) to `ids`.
  void appendWordIds(const std::string& word, std::vector<int64_t>& ids) const;
  // The raw bytes the ids stand for ("</w>" kept literally). Unknown ids are
  // an sd::Error.
  std::string decodeBytes(const std::vector<int64_t>& ids) const;

 private:
  struct MergeRule {
    int rank;
    int32_t merged;
  };
  struct Cache;

  int32_t requireId(const std::string& token, const std::string& context) const;
  void buildByteTables();
  void buildDecoder();
  void buildMerges(const std::vector<std::pair<std::string, std::string>>& merges);
  std::vector<int64_t> bpe(std::string_view word) const;

  std::unordered_map<std::string, int64_t> m_vocab;
  std::unordered_map<std::string, int64_t> m_specialTokens;
  std::unordered_map<uint64_t, MergeRule> m_merges;  // key: left id << 32 | right id
  std::array<int32_t, 256> m_byteSymbol{};             // id of the byte's stand-in character
  std::array<int32_t, 256> m_byteSymbolEndOfWord{};    // ... followed by "</w>"
  // id -> bytes. A map, not a table indexed by id: a vocab.json may give a
  // token any id up to 2^31 - 1, and a table would take that much memory.
  std::unordered_map<int64_t, std::string> m_decodedBytes;
  std::unique_ptr<Cache> m_cache;
};

}  // namespace sd::text
