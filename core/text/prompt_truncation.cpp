#include "core/text/prompt_truncation.h"

#include "core/text/clip_tokenizer.h"
#include "core/text/prompt_syntax.h"

namespace sd {

PromptTruncation scoringTruncation(const ClipTokenizer& tokenizer, std::string_view prompt) {
  const auto ids = tokenizer.encode(promptPlainText(prompt));
  PromptTruncation t;
  t.tokens = static_cast<int>(ids.size());
  t.capacity = tokenizer.maxLength() - 2;  // minus the start and end tokens
  if (t.truncated()) {
    t.dropped = tokenizer.decode({ids.begin() + t.capacity, ids.end()});
    while (!t.dropped.empty() && t.dropped.back() == ' ') t.dropped.pop_back();  // decode ends each word with a space
  }
  return t;
}

}  // namespace sd
