// CLIP's tokenizer with SD v1.4's real vocabulary (tests/data/tokenizer):
// prompt cleaning (ftfy, HTML entities, Unicode normalisation), the
// pre-tokenizer and BPE, then decoding back. Prompts come from the window,
// the command line and from images' metadata ("reuse settings").
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "core/text/clip_tokenizer.h"

namespace {

const sd::ClipTokenizer& tokenizer() {
  static const auto instance = [] {
    const char* dir = std::getenv("SDSTUDIO_FUZZ_TOKENIZER");
    return std::make_unique<sd::ClipTokenizer>(sd::ClipTokenizer::fromFolder(dir ? dir : SD_FUZZ_TOKENIZER_DIR));
  }();
  return *instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto prompt = tokenizer().encodeForModel(text);
  tokenizer().decode(prompt.inputIds);
  return 0;
}
