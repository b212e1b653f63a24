// A1111's prompt syntax (core/text/prompt_syntax.h) and the 75-token chunks
// built from it (core/text/prompt_chunks.h) with SD v1.4's real vocabulary.
// Prompts come from the window, the command line and images' metadata
// ("reuse settings"), so every byte sequence must parse. Besides crashes,
// it checks the invariants (LoRA tags: inside the prompt, named, finite
// weights) the pipeline relies on: fragments never empty,
// every weight finite, chunk sizes and multipliers in step, and cutting a
// unit out of a prompt always shortens it.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/text/extra_network_tags.h"
#include "core/text/prompt_chunks.h"
#include "core/text/prompt_syntax.h"
#include "core/util/error.h"
#include "tests/fuzz/targets/sd_v14_tokenizer.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();  // an invariant broken is a finding, like a crash
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A prompt, not a file: 8 KB is twenty-odd chunks; longer only slows the
  // search (explain cuts each of n units from a copy, n² bytes).
  if (size > 8 * 1024) return 0;
  const std::string_view prompt(reinterpret_cast<const char*>(data), size);

  const auto fragments = sd::parsePromptWeights(prompt);
  check(!fragments.empty());
  for (const auto& f : fragments) check(std::isfinite(f.weight));
  sd::promptPlainText(prompt);
  for (const auto& tag : sd::extraNetworkTags(prompt)) check(tag.begin < tag.end && tag.end <= prompt.size());
  try {
    for (const auto& lora : sd::loraTags(prompt))
      check(!lora.name.empty() && std::isfinite(lora.textEncoderWeight) && std::isfinite(lora.unetWeight));
  } catch (const sd::Error&) {
    // a weight that is not a number: refused with a message, as A1111 does
  }
  sd::hasPromptSyntax(prompt);

  for (const auto& unit : sd::promptUnits(prompt)) {
    check(unit.begin < unit.end && unit.end <= prompt.size());
    check(sd::withoutUnit(prompt, unit).size() < prompt.size());
  }

  const auto chunks = sd::chunkPrompt(sd::fuzz::sdV14Tokenizer(), prompt);
  check(!chunks.chunks.empty() && chunks.tokenCount <= chunks.capacity());
  for (const auto& chunk : chunks.chunks) {
    check(chunk.ids.size() == chunk.multipliers.size());
    check(chunk.contentTokens >= 0 && chunk.contentTokens <= chunks.chunkLength);
  }
  return 0;
}
