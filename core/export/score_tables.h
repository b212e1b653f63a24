#pragma once
// Every CLIP score of a gallery as tables for spreadsheets and scripts.
#include <string>
#include <vector>

#include "core/gallery/gallery_index.h"

namespace sd {

// RFC 4180 CSV, one row per (image, comparison prompt); an image without
// scores gets one row with empty score columns. scoring_note says when CLIP
// scored a prompt on its first 75 tokens only. Text cells that a
// spreadsheet would run as a formula (=, +, -, @, tab, CR first) are
// prefixed with ' (OWASP's advice against CSV injection).
std::string scoresCsv(const std::vector<GalleryEntry>& entries);
// {"images": [{file, prompt, seed, settings…, "scores": [{prompt,
// probability, logit, own, scored_truncated}]}]}, pretty-printed.
std::string scoresJson(const std::vector<GalleryEntry>& entries);

}  // namespace sd
