#include "core/text/clip_tokenizer.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/text/bpe_model.h"
#include "core/text/clip_pretokenizer.h"
#include "core/text/unicode_text.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_file.h"

namespace sd {
namespace {

constexpr std::string_view kBosToken = "<|startoftext|>";
constexpr std::string_view kEosToken = "<|endoftext|>";
// Configs without a real limit say model_max_length = 1e30; anything outside
// this range is treated as "not set".
constexpr int64_t kMinMaxLength = 3;
constexpr int64_t kMaxMaxLength = 4096;

std::unordered_map<std::string, int64_t> readVocab(const std::filesystem::path& path) {
  const nlohmann::json json = readJsonFile(path);
  if (!json.is_object() || json.empty()) throw Error(path.string() + ": expected a non-empty object of token -> id");
  std::unordered_map<std::string, int64_t> vocab;
  vocab.reserve(json.size());
  for (const auto& [token, id] : json.items()) {
    if (!id.is_number_integer())
      throw Error(path.string() + ": token \"" + token + "\" has a non-integer id " + id.dump());
    vocab.emplace(token, id.get<int64_t>());
  }
  return vocab;
}

// CLIP's merges.txt is 525 KB (48,894 merges); the largest BPE tokenizers'
// are a few MB. Beyond this a file is not a tokenizer, and reading it whole
// would cost its size several times over in merge pairs.
constexpr std::size_t kMaxMergesBytes = std::size_t(16) << 20;

// merges.txt: an optional "#version" header, then one "left right" pair per line.
std::vector<std::pair<std::string, std::string>> readMerges(const std::filesystem::path& path) {
  const std::string text = readTextFile(path, kMaxMergesBytes);
  std::vector<std::pair<std::string, std::string>> merges;
  size_t pos = 0;
  int lineNumber = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++lineNumber;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || (lineNumber == 1 && line.starts_with("#version"))) continue;
    const size_t space = line.find(' ');
    if (space == 0 || space == std::string::npos || space + 1 == line.size() ||
        line.find(' ', space + 1) != std::string::npos) {
      throw Error(path.string() + ":" + std::to_string(lineNumber) + ": expected \"left right\", got \"" + line + "\"");
    }
    merges.emplace_back(line.substr(0, space), line.substr(space + 1));
  }
  if (merges.empty()) throw Error(path.string() + ": no merges");
  return merges;
}

struct TokenizerConfig {
  int maxLength = ClipTokenizer::kDefaultMaxLength;
  std::string padToken{kEosToken};
};

// tokenizer_config.json is optional; pad_token is a string or an AddedToken
// object {"content": ...}.
TokenizerConfig readConfig(const std::filesystem::path& path) {
  TokenizerConfig config;
  if (!std::filesystem::exists(path)) return config;
  const nlohmann::json json = readJsonFile(path);
  if (!json.is_object()) throw Error(path.string() + ": expected a JSON object");
  const auto length = json.find("model_max_length");
  if (length != json.end() && length->is_number_integer()) {
    const auto value = length->get<int64_t>();
    if (value >= kMinMaxLength && value <= kMaxMaxLength) config.maxLength = static_cast<int>(value);
  }
  const auto pad = json.find("pad_token");
  if (pad != json.end()) {
    if (pad->is_string()) config.padToken = pad->get<std::string>();
    else if (pad->is_object() && pad->contains("content") && (*pad)["content"].is_string())
      config.padToken = (*pad)["content"].get<std::string>();
    else if (!pad->is_null()) throw Error(path.string() + ": \"pad_token\" must be a string or {\"content\": ...}");
  }
  return config;
}

int64_t requireToken(const text::BpeModel& model, std::string_view token, const char* role) {
  const auto id = model.tokenId(token);
  if (!id) throw Error(std::string("tokenizer vocabulary has no ") + role + " token \"" + std::string(token) + "\"");
  return *id;
}

}  // namespace

struct ClipTokenizer::Impl {
  text::BpeModel model;
  int64_t bos = 0;
  int64_t eos = 0;
  int64_t pad = 0;
  int maxLength = kDefaultMaxLength;
};

ClipTokenizer ClipTokenizer::fromFolder(const std::filesystem::path& dir) {
  const std::filesystem::path vocabPath = dir / "vocab.json";
  const std::filesystem::path mergesPath = dir / "merges.txt";
  const std::filesystem::path configPath = dir / "tokenizer_config.json";
  auto vocab = readVocab(vocabPath);
  auto merges = readMerges(mergesPath);
  const TokenizerConfig config = readConfig(configPath);
  try {
    return ClipTokenizer(std::move(vocab), std::move(merges), config.maxLength, config.padToken);
  } catch (const Error& e) {
    // The files parse but do not fit together; say which ones.
    throw Error(vocabPath.string() + " / " + mergesPath.string() + ": " + e.what());
  }
}

ClipTokenizer::ClipTokenizer(std::unordered_map<std::string, int64_t> vocab,
                             std::vector<std::pair<std::string, std::string>> merges, int maxLength,
                             std::string_view padToken)
    : m_impl(std::make_unique<Impl>(Impl{text::BpeModel(std::move(vocab), merges)})) {
  if (maxLength < kMinMaxLength) throw Error("tokenizer maxLength " + std::to_string(maxLength) + " is too small");
  m_impl->bos = requireToken(m_impl->model, kBosToken, "start-of-text");
  m_impl->eos = requireToken(m_impl->model, kEosToken, "end-of-text");
  m_impl->pad = requireToken(m_impl->model, padToken, "padding");
  m_impl->maxLength = maxLength;
  m_impl->model.addSpecialToken(kBosToken);
  m_impl->model.addSpecialToken(kEosToken);
}

ClipTokenizer::~ClipTokenizer() = default;
ClipTokenizer::ClipTokenizer(ClipTokenizer&&) noexcept = default;
ClipTokenizer& ClipTokenizer::operator=(ClipTokenizer&&) noexcept = default;

std::vector<int64_t> ClipTokenizer::encode(std::string_view text) const {
  const std::u32string cleaned = text::cleanPromptText32(text);
  std::vector<int64_t> ids;
  for (std::u32string_view word : text::clipPreTokenize(cleaned)) {
    m_impl->model.appendWordIds(text::utf32ToUtf8(word), ids);
  }
  return ids;
}

TokenizedPrompt ClipTokenizer::encodeForModel(std::string_view text) const {
  const std::vector<int64_t> content = encode(text);
  const auto capacity = static_cast<size_t>(m_impl->maxLength - 2);
  const size_t kept = std::min(content.size(), capacity);
  TokenizedPrompt prompt;
  prompt.contentTokens = static_cast<int>(content.size());
  prompt.truncated = content.size() > capacity;  // cut BEFORE EOS, so EOS always survives
  prompt.inputIds.reserve(static_cast<size_t>(m_impl->maxLength));
  prompt.inputIds.push_back(m_impl->bos);
  prompt.inputIds.insert(prompt.inputIds.end(), content.begin(), content.begin() + static_cast<std::ptrdiff_t>(kept));
  prompt.inputIds.push_back(m_impl->eos);
  prompt.attentionMask.assign(prompt.inputIds.size(), 1);
  prompt.inputIds.resize(static_cast<size_t>(m_impl->maxLength), m_impl->pad);
  prompt.attentionMask.resize(static_cast<size_t>(m_impl->maxLength), 0);
  return prompt;
}

std::vector<TokenizedPrompt> ClipTokenizer::encodeBatch(const std::vector<std::string>& texts) const {
  std::vector<TokenizedPrompt> out;
  out.reserve(texts.size());
  for (const std::string& t : texts) out.push_back(encodeForModel(t));
  return out;
}

std::string ClipTokenizer::decode(const std::vector<int64_t>& ids) const {
  std::string text = m_impl->model.decodeBytes(ids);
  // Invalid UTF-8 (an id sequence cut inside a character) becomes U+FFFD.
  text = text::utf32ToUtf8(text::utf8ToUtf32(text));
  constexpr std::string_view kEndOfWord = "</w>";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, kEndOfWord.size(), kEndOfWord) == 0) {
      out.push_back(' ');
      i += kEndOfWord.size();
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

int64_t ClipTokenizer::bosId() const { return m_impl->bos; }
int64_t ClipTokenizer::eosId() const { return m_impl->eos; }
int64_t ClipTokenizer::padId() const { return m_impl->pad; }
int ClipTokenizer::maxLength() const { return m_impl->maxLength; }

}  // namespace sd
