// A tokenizer folder's vocab.json and merges.txt (issue 30: an id of
// 2^31 - 1 once sized an 86 GB table): the input up to its first NUL byte
// is vocab.json, the rest merges.txt. Loading must give a tokenizer that
// encodes and decodes a prompt, or throw sd::Error.
#include <cstdint>
#include <string_view>

#include "core/text/clip_tokenizer.h"
#include "core/util/error.h"
#include "tests/fuzz/targets/scratch_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto split = input.find('\0');
  const sd::fuzz::ScratchFolder scratch;
  scratch.write("vocab.json", input.substr(0, split));
  scratch.write("merges.txt", split == std::string_view::npos ? std::string_view() : input.substr(split + 1));
  try {
    const auto tokenizer = sd::ClipTokenizer::fromFolder(scratch.path());
    try {
      tokenizer.decode(tokenizer.encodeForModel("a photo of a cat, (red:1.2)").inputIds);
    } catch (const sd::Error&) {  // a vocabulary may lack what a prompt needs: a named error is right
    }
  } catch (const sd::Error&) {
  }
  return 0;
}
