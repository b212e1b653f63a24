// CLIP's tokenizer with SD v1.4's real vocabulary (tests/data/tokenizer):
// prompt cleaning (ftfy, HTML entities, Unicode normalisation), the
// pre-tokenizer and BPE, then decoding back. Prompts come from the window,
// the command line and from images' metadata ("reuse settings").
#include <cstdint>
#include <string_view>

#include "tests/fuzz/targets/sd_v14_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto& tokenizer = sd::fuzz::sdV14Tokenizer();
  tokenizer.decode(tokenizer.encodeForModel(text).inputIds);
  return 0;
}
