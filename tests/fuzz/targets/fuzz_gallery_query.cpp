// Gallery queries (core/gallery/gallery_filter.h), typed into the window's
// filter box or given to `search` / `export --filter`, and prompts files
// (core/text/prompts_file.h). Every byte sequence either parses or is
// refused with sd::Error; besides crashes it checks that a filter matches
// without faults, that an empty query keeps everything, and that prompts
// read from a file survive being written and read again unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/gallery/gallery_filter.h"
#include "core/text/prompts_file.h"
#include "core/util/error.h"
#include "core/util/utf8.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();  // an invariant broken is a finding, like a crash
}

constexpr int64_t kNow = 1796040000000;  // 2026-11-30 12:00 UTC

sd::GalleryFacts sample(bool scored) {
  sd::GalleryFacts f;
  f.prompt = "a red fox, (detailed:1.2)";
  f.negativePrompt = "blurry";
  f.modelName = "sd-v1-4";
  f.modelHash = "fe4efff1e1";
  f.scheduler = "Euler a";
  f.seed = 42;
  f.width = f.height = 512;
  f.steps = 30;
  f.cfgScale = 7.5;
  f.addedAtMs = scored ? kNow : 0;
  if (scored) f.margin = 0.25;
  return f;
}

void fuzzQuery(std::string_view query) {
  try {
    const auto filter = sd::parseGalleryFilter(query, kNow);
    check(filter.query == query);
    const bool kept = sd::matches(filter, sample(true));
    sd::matches(filter, sample(false));
    if (filter.empty()) check(kept);
  } catch (const sd::Error&) {
    // refused with a message naming the term
  }
}

void fuzzPromptsFile(std::string_view text) {
  try {
    const auto prompts = sd::parsePromptLines(text, "prompts.txt");
    check(!prompts.empty());
    for (const auto& p : prompts)
      check(!p.empty() && p.find('\n') == std::string::npos && sd::firstInvalidUtf8(p) == std::string_view::npos);
    check(sd::parsePromptLines(sd::formatPromptLines(prompts), "again") == prompts);
  } catch (const sd::Error&) {
    // not UTF-8, NUL bytes, too many prompts or none
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16 * 1024) return 0;  // a query or a file of prompts, not a corpus
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzzQuery(text);
  fuzzPromptsFile(text);
  return 0;
}
