#include "ui/token_counter.h"

#include <QCoreApplication>

#include "core/text/clip_tokenizer.h"
#include "core/text/prompt_chunks.h"
#include "core/text/prompt_truncation.h"

namespace sd::ui {

namespace {

constexpr int kWordsShown = 4;  // of each chunk's beginning, in the tooltip

QString tr(const char* text) { return QCoreApplication::translate("sd::ui::TokenCounter", text); }

// "chunk 2 starts at “a castle on a…”" for every chunk after the first.
QString chunkStarts(const ClipTokenizer& tokenizer, const PromptChunks& chunks) {
  QString out;
  for (std::size_t k = 1; k < chunks.chunks.size(); ++k) {
    const auto& c = chunks.chunks[k];
    const auto shown = std::min(c.contentTokens, kWordsShown);
    const std::vector<int64_t> ids(c.ids.begin() + 1, c.ids.begin() + 1 + shown);
    const auto words = QString::fromStdString(tokenizer.decode(ids)).trimmed();
    out += tr("\nChunk %1 starts at “%2%3”").arg(k + 1).arg(words, c.contentTokens > shown ? "…" : "");
  }
  return out;
}

}  // namespace

TokenCounter::TokenCounter() = default;
TokenCounter::~TokenCounter() = default;

int TokenCounter::scoringTokens(const QString& prompt) const {
  return m_tokenizer ? scoringTruncation(*m_tokenizer, prompt.toStdString()).tokens : 0;
}

PromptLength TokenCounter::measure(const QString& prompt) const {
  PromptLength length;
  if (!m_tokenizer) return length;
  const auto text = prompt.toStdString();
  const auto chunks = chunkPrompt(*m_tokenizer, text);
  length.tokens = chunks.tokenCount;
  length.capacity = chunks.capacity();
  length.chunks = static_cast<int>(chunks.chunks.size());
  length.details = length.chunks == 1 ? tr("CLIP tokens used of the 75 of one chunk")
                                      : tr("Read whole in %1 chunks of 75 tokens (BREAK or a full chunk starts the "
                                           "next)").arg(length.chunks) + chunkStarts(*m_tokenizer, chunks);
  const auto scoring = scoringTruncation(*m_tokenizer, text);
  length.scoringTruncated = scoring.truncated();
  if (scoring.truncated())
    length.details += tr("\nCLIP scoring reads the first %1 tokens; its score leaves out “%2”")
                          .arg(scoring.capacity)
                          .arg(QString::fromStdString(scoring.dropped));
  return length;
}

}  // namespace sd::ui
