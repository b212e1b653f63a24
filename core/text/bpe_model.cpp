#include "core/text/bpe_model.h"

#include <algorithm>
#include <limits>
#include <mutex>

#include "core/text/unicode_text.h"
#include "core/util/error.h"

namespace sd::text {
namespace {

constexpr std::string_view kEndOfWord = "</w>";
// Bounds memory when a long session types many distinct words; refilling is
// cheap, so the cache is simply dropped when full.
constexpr size_t kMaxCachedWords = 100000;
// Ids are packed in pairs into a 64-bit merge key.
constexpr int64_t kMaxTokenId = std::numeric_limits<int32_t>::max();

// bytes_to_unicode(): printable Latin-1 bytes stand for themselves, the other
// 68 bytes get the code points 256, 257, ... in byte order.
std::array<char32_t, 256> byteStandIns() {
  std::array<char32_t, 256> table{};
  char32_t next = 256;
  for (int b = 0; b < 256; ++b) {
    const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    table[static_cast<size_t>(b)] = printable ? static_cast<char32_t>(b) : next++;
  }
  return table;
}

uint64_t mergeKey(int64_t left, int64_t right) {
  return (static_cast<uint64_t>(left) << 32) | static_cast<uint32_t>(right);
}

}  // namespace

struct BpeModel::Cache {
  std::mutex mutex;
  std::unordered_map<std::string, std::vector<int64_t>> words;
};

BpeModel::BpeModel(std::unordered_map<std::string, int64_t> vocab,
                   const std::vector<std::pair<std::string, std::string>>& merges)
    : m_vocab(std::move(vocab)), m_cache(std::make_unique<Cache>()) {
  for (const auto& [token, id] : m_vocab) {
    if (id < 0 || id > kMaxTokenId) throw Error("token \"" + token + "\" has an out-of-range id " + std::to_string(id));
  }
  buildByteTables();
  buildDecoder();
  buildMerges(merges);
}

BpeModel::~BpeModel() = default;
BpeModel::BpeModel(BpeModel&&) noexcept = default;
BpeModel& BpeModel::operator=(BpeModel&&) noexcept = default;

int32_t BpeModel::requireId(const std::string& token, const std::string& context) const {
  const auto it = m_vocab.find(token);
  if (it == m_vocab.end()) throw Error(context + ": \"" + token + "\" is not in the vocabulary");
  return static_cast<int32_t>(it->second);
}

void BpeModel::buildByteTables() {
  const auto standIns = byteStandIns();
  for (size_t b = 0; b < 256; ++b) {
    std::string symbol;
    appendUtf8(symbol, standIns[b]);
    const std::string context = "byte " + std::to_string(b);
    m_byteSymbol[b] = requireId(symbol, context);
    m_byteSymbolEndOfWord[b] = requireId(symbol + std::string(kEndOfWord), context);
  }
}

void BpeModel::buildDecoder() {
  std::unordered_map<char32_t, char> standInToByte;
  const auto standIns = byteStandIns();
  for (size_t b = 0; b < 256; ++b) standInToByte.emplace(standIns[b], static_cast<char>(b));
  m_decodedBytes.reserve(m_vocab.size());
  for (const auto& [token, id] : m_vocab) {
    std::string bytes;
    bool ok = true;
    for (char32_t c : utf8ToUtf32(token)) {
      const auto it = standInToByte.find(c);
      if (it == standInToByte.end()) ok = false;
      else bytes.push_back(it->second);
    }
    if (ok) m_decodedBytes.insert_or_assign(id, std::move(bytes));
  }
}

void BpeModel::buildMerges(const std::vector<std::pair<std::string, std::string>>& merges) {
  m_merges.reserve(merges.size());
  for (size_t rank = 0; rank < merges.size(); ++rank) {
    const auto& [left, right] = merges[rank];
    const std::string context = "merge " + std::to_string(rank + 1) + " \"" + left + " " + right + "\"";
    const MergeRule rule{static_cast<int>(rank), requireId(left + right, context)};
    // A repeated pair takes its last rank, like dict(zip(merges, ranks)).
    m_merges.insert_or_assign(mergeKey(requireId(left, context), requireId(right, context)), rule);
  }
}

std::optional<int64_t> BpeModel::tokenId(std::string_view token) const {
  const auto it = m_vocab.find(std::string(token));
  if (it == m_vocab.end()) return std::nullopt;
  return it->second;
}

void BpeModel::addSpecialToken(std::string_view token) {
  if (const auto id = tokenId(token)) m_specialTokens.insert_or_assign(std::string(token), *id);
}

std::vector<int64_t> BpeModel::bpe(std::string_view word) const {
  std::vector<int64_t> symbols;
  symbols.reserve(word.size());
  for (size_t i = 0; i < word.size(); ++i) {
    const auto b = static_cast<unsigned char>(word[i]);
    symbols.push_back(i + 1 == word.size() ? m_byteSymbolEndOfWord[b] : m_byteSymbol[b]);
  }
  std::vector<int64_t> merged;
  merged.reserve(symbols.size());
  while (symbols.size() > 1) {
    const MergeRule* best = nullptr;
    uint64_t bestKey = 0;
    for (size_t k = 0; k + 1 < symbols.size(); ++k) {
      const uint64_t key = mergeKey(symbols[k], symbols[k + 1]);
      const auto it = m_merges.find(key);
      if (it != m_merges.end() && (!best || it->second.rank < best->rank)) {
        best = &it->second;
        bestKey = key;
      }
    }
    if (!best) break;
    // Merge every occurrence of the best pair, left to right, non-overlapping.
    merged.clear();
    for (size_t k = 0; k < symbols.size();) {
      if (k + 1 < symbols.size() && mergeKey(symbols[k], symbols[k + 1]) == bestKey) {
        merged.push_back(best->merged);
        k += 2;
      } else {
        merged.push_back(symbols[k++]);
      }
    }
    symbols.swap(merged);
  }
  return symbols;
}

void BpeModel::appendWordIds(const std::string& word, std::vector<int64_t>& ids) const {
  if (word.empty()) return;
  if (const auto special = m_specialTokens.find(word); special != m_specialTokens.end()) {
    ids.push_back(special->second);
    return;
  }
  {
    std::lock_guard lock(m_cache->mutex);
    if (const auto hit = m_cache->words.find(word); hit != m_cache->words.end()) {
      ids.insert(ids.end(), hit->second.begin(), hit->second.end());
      return;
    }
  }
  std::vector<int64_t> wordIds = bpe(word);  // outside the lock: other threads keep going
  ids.insert(ids.end(), wordIds.begin(), wordIds.end());
  std::lock_guard lock(m_cache->mutex);
  if (m_cache->words.size() >= kMaxCachedWords) m_cache->words.clear();
  m_cache->words.emplace(word, std::move(wordIds));
}

std::string BpeModel::decodeBytes(const std::vector<int64_t>& ids) const {
  std::string bytes;
  for (int64_t id : ids) {
    const auto found = m_decodedBytes.find(id);
    if (found == m_decodedBytes.end()) {
      throw Error("cannot decode token id " + std::to_string(id) + ": not in the vocabulary");
    }
    bytes += found->second;
  }
  return bytes;
}

}  // namespace sd::text
