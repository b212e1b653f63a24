#pragma once
// Searching a gallery: a query typed in the window's filter box or given to
// `sdstudio-cli export --filter` / `sdstudio-cli search`, parsed once into
// terms that must all hold. The syntax (README, docs/studio.md):
//
//   red fox            words (or "a quoted phrase") of the prompt
//   -blurry            …that the prompt must not contain
//   neg:lowres         words of the negative prompt (-neg:… excludes)
//   model:v1-4         the model's name, or its hash's beginning
//   sampler:"Euler a"  the sampler, any spelling findScheduler() takes
//   seed:42  seed:10..20  seed:>=1000
//   size:512x768  steps:>=30  cfg:<7
//   date:2026-11-30  date:2026-11  date:>=2026-11-01  date:today  date:yesterday
//   margin:>=20%  margin:>0.1   CLIP margin (own prompt − best other)
//
// Text matches ignore the case of A–Z. Numbers and dates take =, >, >=, <,
// <= (no operator: =; margin: >=). An image without CLIP scores has no
// margin and never passes a margin term. No Qt, no torch.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/gallery/gallery_index.h"

namespace sd {

// What a filter reads of one image, whichever side holds it (a gallery
// entry on disk, an item of the window's gallery with its live scores).
struct GalleryFacts {
  std::string prompt;
  std::string negativePrompt;
  std::string modelName;
  std::string modelHash;
  std::string scheduler;  // an id or any name findScheduler() takes
  uint64_t seed = 0;
  int width = 0, height = 0;
  int steps = 0;
  double cfgScale = 0;
  int64_t addedAtMs = 0;         // 0: unknown (no date term passes)
  std::optional<double> margin;  // own prompt's probability − the best other's
};

// The facts of an entry as its PNG stores them; the margin from the bars
// stored with it (none when it was never scored or its prompt is not in
// its comparison set).
GalleryFacts factsOf(const GalleryEntry& entry);

enum class Comparison { Equal, Greater, GreaterOrEqual, Less, LessOrEqual };

struct GalleryFilter {
  struct Text {
    enum Field { Prompt, Negative, Model } field = Prompt;
    std::string needle;  // lower-cased
    bool exclude = false;
  };
  struct Number {
    enum Field { Seed, Steps, Cfg, Margin, Date } field = Seed;
    Comparison comparison = Comparison::Equal;
    // Equal means within [low, high) for dates and within [low, high] else.
    double low = 0, high = 0;
  };
  std::vector<Text> texts;
  std::vector<Number> numbers;
  std::optional<std::string> schedulerId;
  std::optional<std::pair<int, int>> size;
  std::string query;  // as typed, for titles and messages

  bool empty() const { return texts.empty() && numbers.empty() && !schedulerId && !size; }
};

// Throws sd::Error naming the term it cannot read ("seed:abc: a seed is a
// whole number…"). `nowMs` anchors today/yesterday; dates are local days.
GalleryFilter parseGalleryFilter(std::string_view query, int64_t nowMs);
GalleryFilter parseGalleryFilter(std::string_view query);  // now = the clock

bool matches(const GalleryFilter& filter, const GalleryFacts& facts);

// The entries the filter keeps, in their order.
std::vector<GalleryEntry> filterEntries(const std::vector<GalleryEntry>& entries, const GalleryFilter& filter);

}  // namespace sd
