#include "ui/token_counter.h"

#include <QDir>
#include <QFileInfo>
#include <exception>

#include "core/text/clip_tokenizer.h"

namespace sd::ui {

TokenCounter::TokenCounter() = default;
TokenCounter::~TokenCounter() = default;

bool TokenCounter::load(const QString& path) {
  const QStringList candidates = {QDir(path).filePath("tokenizer"), path};
  for (const QString& dir : candidates) {
    if (!QFileInfo::exists(QDir(dir).filePath("vocab.json"))) continue;
    try {
      m_tokenizer = std::make_shared<const ClipTokenizer>(ClipTokenizer::fromFolder(dir.toStdString()));
      return true;
    } catch (const std::exception&) {
    }
  }
  return false;
}

int TokenCounter::count(const QString& prompt) const {
  if (!m_tokenizer) return -1;
  return m_tokenizer->encodeForModel(prompt.toStdString()).contentTokens;
}

}  // namespace sd::ui
