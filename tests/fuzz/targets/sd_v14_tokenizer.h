#pragma once
// The tokenizer the text targets feed: SD v1.4's real vocabulary
// (tests/data/tokenizer, or SDSTUDIO_FUZZ_TOKENIZER), loaded once per process.
#include <cstdlib>
#include <memory>

#include "core/text/clip_tokenizer.h"

namespace sd::fuzz {

inline const ClipTokenizer& sdV14Tokenizer() {
  static const auto instance = [] {
    const char* dir = std::getenv("SDSTUDIO_FUZZ_TOKENIZER");
    return std::make_unique<ClipTokenizer>(ClipTokenizer::fromFolder(dir ? dir : SD_FUZZ_TOKENIZER_DIR));
  }();
  return *instance;
}

}  // namespace sd::fuzz
